import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const PHASES = ['install', 'pre_build', 'build', 'post_build'] as const;
export type Phase = (typeof PHASES)[number];

export interface BuildSpec {
  readonly variables: Readonly<Record<string, string>>;
  readonly phases: Readonly<Partial<Record<Phase, readonly string[]>>>;
  /** Primary artifacts: files matched under the base directory. */
  readonly artifacts?: { readonly baseDirectory?: string; readonly files: readonly string[]; readonly discardPaths: boolean };
}

function fail(where: string, problem: string): never {
  throw new Error(`buildspec ${where}: ${problem}`);
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry, index) => {
    if (typeof entry !== 'string' && typeof entry !== 'number') fail(`${where}[${index}]`, 'must be a string.');
    return String(entry);
  });
}

/** Reads a buildspec (YAML or JSON text) as CodeBuild does for the parts the local builds run. */
export function parseBuildSpec(text: string, where = 'buildspec'): BuildSpec {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    fail(where, `is not valid YAML or JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof document !== 'object' || document === null) fail(where, 'must be a mapping with version and phases.');
  const spec = document as Record<string, unknown>;
  if (spec.version !== undefined && String(spec.version) !== '0.2' && String(spec.version) !== '0.1') fail(`${where}.version`, `${String(spec.version)} must be 0.2.`);
  const env = (spec.env ?? {}) as Record<string, unknown>;
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries((env.variables ?? {}) as Record<string, unknown>)) variables[name] = String(value);
  for (const kind of ['parameter-store', 'secrets-manager', 'exported-variables']) {
    if (env[kind] !== undefined) fail(`${where}.env.${kind}`, 'is not served by the local cloud; give plain env.variables instead.');
  }
  const rawPhases = (spec.phases ?? {}) as Record<string, unknown>;
  const phases: Partial<Record<Phase, string[]>> = {};
  for (const [name, value] of Object.entries(rawPhases)) {
    if (!(PHASES as readonly string[]).includes(name)) fail(`${where}.phases.${name}`, `is not a phase; use ${PHASES.join(', ')}.`);
    const phase = (value ?? {}) as Record<string, unknown>;
    if (phase.finally !== undefined) fail(`${where}.phases.${name}.finally`, 'is not served by the local cloud; move those commands into post_build.');
    phases[name as Phase] = strings(phase.commands, `${where}.phases.${name}.commands`);
  }
  const rawArtifacts = spec.artifacts as Record<string, unknown> | undefined;
  if (rawArtifacts?.['secondary-artifacts'] !== undefined) fail(`${where}.artifacts.secondary-artifacts`, 'is not served by the local cloud; output one artifact per build.');
  return {
    variables,
    phases,
    ...(rawArtifacts === undefined
      ? {}
      : {
          artifacts: {
            ...(typeof rawArtifacts['base-directory'] === 'string' ? { baseDirectory: rawArtifacts['base-directory'] } : {}),
            files: strings(rawArtifacts.files, `${where}.artifacts.files`),
            discardPaths: rawArtifacts['discard-paths'] === true || rawArtifacts['discard-paths'] === 'yes',
          },
        }),
  };
}

/** A buildspec glob as a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  const text = glob.replace(/^\.\//, '');
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '*' && text[i + 1] === '*') {
      const slash = text[i + 2] === '/';
      pattern += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else pattern += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

async function walk(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await walk(path.join(dir, entry.name), relative)));
    else found.push(relative);
  }
  return found;
}

/** Copies the files the buildspec's artifacts section names into the output artifact; returns how many. */
export async function collectArtifacts(spec: NonNullable<BuildSpec['artifacts']>, sourceDir: string, outputDir: string): Promise<number> {
  const base = path.resolve(sourceDir, spec.baseDirectory ?? '.');
  if (!base.startsWith(path.resolve(sourceDir))) throw new Error(`buildspec artifacts.base-directory ${spec.baseDirectory} leaves the source directory.`);
  const exists = await fs.stat(base).catch(() => undefined);
  if (!exists?.isDirectory()) throw new Error(`buildspec artifacts.base-directory ${spec.baseDirectory ?? '.'} does not exist after the build: the build must create it.`);
  const patterns = spec.files.map(globToRegExp);
  const files = (await walk(base)).filter((file) => patterns.some((pattern) => pattern.test(file)));
  if (files.length === 0) throw new Error(`no file under ${spec.baseDirectory ?? '.'} matches artifacts.files (${spec.files.join(', ')}).`);
  for (const file of files) {
    const target = path.join(outputDir, spec.discardPaths ? path.basename(file) : file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(path.join(base, file), target);
  }
  return files.length;
}
