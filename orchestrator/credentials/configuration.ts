import { WORKER_FUNCTION_PREFIX } from '../contract';
import { InvalidConfigurationError } from './configuration-error';

/**
 * Session lengths STS allows here: the credentials function runs under a Lambda role, so
 * assuming the member role is role chaining, which caps a session at one hour.
 */
export const SESSION_DURATION = { DEFAULT: 3600, MIN: 900, MAX: 3600 } as const;

/** STS limit on the plaintext of an inline session policy. */
const MAX_SESSION_POLICY_LENGTH = 2048;
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

/** What the credentials function reads from its environment, once per call. */
export interface CredentialsSettings {
  readonly workerPrefix: string;
  readonly durationSeconds: number;
  /** Minified JSON, ready for AssumeRole's `Policy`. */
  readonly sessionPolicy?: string;
  readonly externalId?: string;
  readonly kmsKeyId: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Unset and empty both mean "not configured": CloudFormation cannot remove a variable, only blank it. */
function setting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function readWorkerPrefix(env: Env): string {
  return setting(env, 'WORKER_PREFIX') ?? WORKER_FUNCTION_PREFIX;
}

export function readSessionDuration(env: Env): number {
  const raw = setting(env, 'SESSION_DURATION_SECONDS');
  if (raw === undefined) return SESSION_DURATION.DEFAULT;
  const seconds = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds >= SESSION_DURATION.MIN && seconds <= SESSION_DURATION.MAX)) {
    throw new InvalidConfigurationError(
      'SESSION_DURATION_SECONDS',
      `"${raw}" is not a whole number of seconds from ${SESSION_DURATION.MIN} to ${SESSION_DURATION.MAX}; ` +
        'a role assumed from a Lambda role is role chaining, which STS caps at one hour. Set the sessionDuration prop to 15 to 60 minutes.',
    );
  }
  return seconds;
}

export function readSessionPolicy(env: Env): string | undefined {
  const raw = setting(env, 'SESSION_POLICY');
  if (raw === undefined) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(raw);
  } catch (err) {
    throw new InvalidConfigurationError(
      'SESSION_POLICY',
      `is not valid JSON (${(err as Error).message}); give an IAM policy document such as {"Version":"2012-10-17","Statement":[...]}`,
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document) || !('Statement' in document)) {
    throw new InvalidConfigurationError(
      'SESSION_POLICY',
      'must be an IAM policy document: a JSON object with a "Statement"',
    );
  }
  const minified = JSON.stringify(document);
  if (minified.length > MAX_SESSION_POLICY_LENGTH) {
    throw new InvalidConfigurationError(
      'SESSION_POLICY',
      `is ${minified.length} characters once minified; STS accepts at most ${MAX_SESSION_POLICY_LENGTH}. Use wildcards or fewer statements.`,
    );
  }
  return minified;
}

export function readExternalId(env: Env): string | undefined {
  const raw = setting(env, 'EXTERNAL_ID');
  if (raw !== undefined && !EXTERNAL_ID_PATTERN.test(raw)) {
    throw new InvalidConfigurationError(
      'EXTERNAL_ID',
      'must be 2 to 1224 characters from letters, digits and +=,.@:/-_ (what STS accepts)',
    );
  }
  return raw;
}

export function readKmsKeyId(env: Env): string {
  const keyId = setting(env, 'KMS_KEY_ID');
  if (keyId === undefined) {
    throw new InvalidConfigurationError('KMS_KEY_ID', 'is not set; give the ARN of the key that encrypts member credentials');
  }
  return keyId;
}

export function readCredentialsSettings(env: Env): CredentialsSettings {
  return {
    workerPrefix: readWorkerPrefix(env),
    durationSeconds: readSessionDuration(env),
    sessionPolicy: readSessionPolicy(env),
    externalId: readExternalId(env),
    kmsKeyId: readKmsKeyId(env),
  };
}
