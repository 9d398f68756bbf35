import { readFileSync } from 'fs';
import { parse } from 'yaml';

/** The commands of a buildspec the synth step runs, phase by phase. */
export interface BuildspecCommands {
  readonly install: string[];
  readonly build: string[];
}

function commandsOf(phases: Record<string, unknown>, phase: string, file: string): string[] {
  const value = phases[phase];
  if (value === undefined) return [];
  const commands = (value as { commands?: unknown }).commands;
  if (!Array.isArray(commands) || !commands.every((c) => typeof c === 'string')) {
    throw new Error(`${file}: phases.${phase}.commands must be a list of shell commands; write phases: {${phase}: {commands: [npm ci]}}`);
  }
  return commands;
}

/**
 * Reads the synth step's commands from `buildspec.yml`, so the file a developer runs by hand
 * and the pipeline's synth step cannot drift apart. A missing or malformed file stops `cdk synth`
 * with the file and the fix.
 */
export function readBuildspec(file: string): BuildspecCommands {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file}: no such file; the pipeline's synth step runs its commands — add buildspec.yml with phases.install and phases.build`);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]}); fix the file`);
  }
  const phases = (parsed as { phases?: unknown } | null)?.phases;
  if (typeof phases !== 'object' || phases === null) {
    throw new Error(`${file}: has no phases; write phases: {install: {commands: [...]}, build: {commands: [...]}}`);
  }
  const commands = { install: commandsOf(phases as Record<string, unknown>, 'install', file), build: commandsOf(phases as Record<string, unknown>, 'build', file) };
  if (commands.build.length === 0) throw new Error(`${file}: phases.build.commands is empty; the synth step must produce cdk.out (npx cdk synth)`);
  return commands;
}
