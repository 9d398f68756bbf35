import { DEFAULT_MEMBER_ROLE_NAME, PlanFailedError } from '../contract';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from './input-fields';
import { MAX_MAP_CONCURRENCY, type Tolerance } from './validate-run-options';
import type { HostIdentity } from './worker-function';

/** What the Plan function reads from its environment, once per call. */
export interface PlanSettings {
  readonly bucket: string;
  readonly memberRoleName: string;
  readonly tolerance: Tolerance;
  readonly maxConcurrency: number;
  readonly maxPolls: number;
  /** Regions to use when the input names none; unset means every enabled region. */
  readonly defaultRegions?: string[];
  readonly host: HostIdentity;
  /** Role in the management account to read Organizations with; unset means the function's own role. */
  readonly orgReaderRoleArn?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const SETTING_DEFAULTS = { maxConcurrency: 100, maxPolls: 60, tolerance: { Count: 0 } } as const;

const FUNCTION_ARN = /^arn:([a-z-]+):lambda:([a-z0-9-]+):(\d{12}):function:/;
const ROLE_ARN = /^arn:[a-z-]+:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const TOLERANCE = /^(count|percentage):(\d+(?:\.\d+)?)$/;

/** Unset and empty both mean "not configured": CloudFormation can blank a variable but not remove it. */
function setting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function misconfigured(variable: string, problem: string): PlanFailedError {
  return new PlanFailedError(`${variable}: ${problem}; correct the Plan function's environment (the StepEverywhere construct sets it)`);
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = setting(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw misconfigured(name, `"${raw}" is not a whole number from ${min} to ${max}`);
  return value;
}

function tolerance(env: Env): Tolerance {
  const raw = setting(env, 'FAILURE_TOLERANCE');
  if (raw === undefined) return SETTING_DEFAULTS.tolerance;
  const match = TOLERANCE.exec(raw);
  if (match?.[1] === 'count' && Number.isInteger(Number(match[2]))) return { Count: Number(match[2]) };
  if (match?.[1] === 'percentage' && Number(match[2]) <= 100) return { Percentage: Number(match[2]) };
  throw misconfigured('FAILURE_TOLERANCE', `"${raw}" is neither "count:N" (N a whole number) nor "percentage:P" (P from 0 to 100)`);
}

function defaultRegions(env: Env): string[] | undefined {
  const raw = setting(env, 'DEFAULT_REGIONS');
  if (raw === undefined) return undefined;
  const regions = raw.split(',').map((r) => r.trim()).filter((r) => r.length > 0);
  const bad = regions.find((r) => !REGION_PATTERN.test(r));
  if (bad !== undefined) throw misconfigured('DEFAULT_REGIONS', `"${bad}" is not a region name such as "eu-west-1"`);
  return [...new Set(regions)];
}

function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The host from HOST_ACCOUNT_ID and the function's own ARN, with AWS_REGION as the fallback region. */
function host(env: Env, invokedFunctionArn: string | undefined): HostIdentity {
  const arn = FUNCTION_ARN.exec(invokedFunctionArn ?? '');
  const accountId = setting(env, 'HOST_ACCOUNT_ID') ?? arn?.[3];
  if (accountId === undefined) {
    throw misconfigured('HOST_ACCOUNT_ID', 'is not set and the function ARN is unknown, so the host account cannot be told apart');
  }
  if (!ACCOUNT_ID_PATTERN.test(accountId)) throw misconfigured('HOST_ACCOUNT_ID', `"${accountId}" is not a 12-digit account id`);
  const region = arn?.[2] ?? setting(env, 'AWS_REGION');
  if (region === undefined) throw misconfigured('AWS_REGION', 'is not set and the function ARN is unknown');
  return { accountId, region, partition: arn?.[1] ?? partitionOfRegion(region) };
}

export function readPlanSettings(env: Env, invokedFunctionArn?: string): PlanSettings {
  const bucket = setting(env, 'RESULTS_BUCKET');
  if (bucket === undefined) throw misconfigured('RESULTS_BUCKET', 'is not set, so the plan has nowhere to write the wave manifests');
  const orgReaderRoleArn = setting(env, 'ORG_READER_ROLE_ARN');
  if (orgReaderRoleArn !== undefined && !ROLE_ARN.test(orgReaderRoleArn)) {
    throw misconfigured('ORG_READER_ROLE_ARN', `"${orgReaderRoleArn}" is not an IAM role ARN`);
  }
  return {
    bucket,
    memberRoleName: setting(env, 'MEMBER_ROLE_NAME') ?? DEFAULT_MEMBER_ROLE_NAME,
    tolerance: tolerance(env),
    maxConcurrency: wholeNumber(env, 'MAX_CONCURRENCY', SETTING_DEFAULTS.maxConcurrency, 1, MAX_MAP_CONCURRENCY),
    maxPolls: wholeNumber(env, 'MAX_POLLS', SETTING_DEFAULTS.maxPolls, 0, Number.MAX_SAFE_INTEGER),
    defaultRegions: defaultRegions(env),
    host: host(env, invokedFunctionArn),
    orgReaderRoleArn,
  };
}
