import { deploymentSchema, type Deployment } from './deployment-file';
import { CliError } from './errors';
import { EXECUTION_NAME_PATTERN } from './execution-input';
import { fieldIssues, issueText, type FieldPath } from './field-issues';

/** The `run` options that describe the deployment (commander's camelCase names). */
export interface DeploymentFlags {
  readonly worker?: string;
  readonly regions?: string;
  readonly accounts?: string;
  readonly ous?: string;
  readonly excludeAccounts?: string;
  readonly excludeOus?: string;
  readonly includeHostAccount?: boolean;
  readonly payload?: string;
  readonly tolerance?: string;
  readonly maxConcurrency?: string;
  readonly waves?: string;
}

/** The deployment name a run without a file starts its execution name with. */
export const FLAGS_DEPLOYMENT_NAME = 'step-everywhere';

const FLAG_OF: Record<string, string> = {
  worker: '--worker',
  regions: '--regions',
  'targets.accounts': '--accounts',
  'targets.organizationalUnits': '--ous',
  'targets.exclude.accounts': '--exclude-accounts',
  'targets.exclude.organizationalUnits': '--exclude-ous',
  'targets.includeHostAccount': '--include-host-account',
  payload: '--payload',
  tolerance: '--tolerance',
  maxConcurrency: '--max-concurrency',
  waves: '--waves',
};

/** `--accounts[1]`: the flag a deployment field came from, with the list position. */
function flagLabel(path: FieldPath): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  for (let n = names.length; n > 0; n--) {
    const flag = FLAG_OF[names.slice(0, n).join('.')];
    if (flag) {
      const index = path.find((p): p is number => typeof p === 'number');
      return index === undefined ? flag : `${flag}[${index}]`;
    }
  }
  return path.join('.');
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function tolerance(text: string): { count: number } | { percentage: number } {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { count: Number(trimmed) };
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(trimmed);
  if (percent) return { percentage: Number(percent[1]) };
  throw new CliError(`--tolerance ${JSON.stringify(text)} is not a tolerance — give a count of failed targets such as 2, or a share such as 10%`);
}

function wholeNumber(text: string, flag: string, fix: string): number {
  if (!/^\d+$/.test(text.trim())) throw new CliError(`${flag} ${JSON.stringify(text)} is not a whole number — ${fix}`);
  return Number(text.trim());
}

function payload(text: string, readFile: (path: string) => string): unknown {
  let source = text;
  let where = 'the --payload value';
  if (text.startsWith('@')) {
    const path = text.slice(1);
    where = `the --payload file ${path}`;
    try {
      source = readFile(path);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new CliError(`--payload: cannot read ${path} (${code}) — give an existing JSON file after @, e.g. --payload @payload.json`);
    }
  }
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new CliError(`--payload: ${where} is not JSON (${(error as Error).message}) — give JSON such as '{"key":"value"}' or @file.json`);
  }
}

/**
 * The flags as the deployment-file fields they stand for; only the flags given appear,
 * so they can be laid over a file's fields.
 */
export function draftFromFlags(flags: DeploymentFlags, readFile: (path: string) => string): Record<string, unknown> {
  const targets: Record<string, unknown> = {};
  const exclude: Record<string, unknown> = {};
  if (flags.accounts !== undefined) targets.accounts = list(flags.accounts);
  if (flags.ous !== undefined) targets.organizationalUnits = list(flags.ous);
  if (flags.excludeAccounts !== undefined) exclude.accounts = list(flags.excludeAccounts);
  if (flags.excludeOus !== undefined) exclude.organizationalUnits = list(flags.excludeOus);
  if (flags.includeHostAccount !== undefined) targets.includeHostAccount = flags.includeHostAccount;
  if (Object.keys(exclude).length > 0) targets.exclude = exclude;

  const draft: Record<string, unknown> = {};
  if (flags.worker !== undefined) draft.worker = flags.worker;
  if (flags.regions !== undefined) draft.regions = list(flags.regions);
  if (Object.keys(targets).length > 0) draft.targets = targets;
  if (flags.payload !== undefined) draft.payload = payload(flags.payload, readFile);
  if (flags.tolerance !== undefined) draft.tolerance = tolerance(flags.tolerance);
  if (flags.maxConcurrency !== undefined) {
    draft.maxConcurrency = wholeNumber(flags.maxConcurrency, '--max-concurrency', 'give how many accounts run at once, e.g. 50');
  }
  if (flags.waves !== undefined) draft.waves = list(flags.waves).map((w) => (/^\d+$/.test(w) ? Number(w) : w));
  return draft;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Lays the flags over the file's fields: a flag wins, and `--accounts` replaces the file's list. */
export function overlay(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) && key !== 'payload' && key !== 'tolerance' ? overlay(current, value) : value;
  }
  return merged;
}

/** Checks the merged fields; a problem is named by the flag it came from. */
export function deploymentFromDraft(draft: Record<string, unknown>): Deployment {
  const parsed = deploymentSchema.safeParse(draft);
  if (parsed.success) return parsed.data;
  const issue = fieldIssues(parsed.error, draft)[0];
  throw new CliError(issueText(issue, flagLabel(issue.path)));
}

/** `--name` is the execution name itself, so it must satisfy Step Functions' naming rules. */
export function checkExecutionName(name: string): string {
  if (!EXECUTION_NAME_PATTERN.test(name)) {
    throw new CliError(`--name ${JSON.stringify(name)} is not an execution name — use 1-80 letters, digits, - or _, unique per state machine`);
  }
  return name;
}
