/** Exit codes: 0 success, 1 the execution failed, 2 bad input or an unusable environment. */
export const ExitCodes = {
  OK: 0,
  FAILED: 1,
  BAD_INPUT: 2,
} as const;

export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

/** A problem the CLI words itself: one line naming what is wrong and the fix. */
export class CliError extends Error {
  public constructor(
    message: string,
    public readonly exitCode: ExitCode = ExitCodes.BAD_INPUT,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

export interface ClassifiedError {
  readonly message: string;
  readonly exitCode: ExitCode;
}

interface ErrorLike {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly address?: string;
  readonly port?: number;
  readonly cause?: unknown;
  readonly errors?: unknown[];
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
};

const REJECTED_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
]);

const EXPIRED_CREDENTIALS = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AuthorizationError', 'Forbidden']);

/** The network code of an error, looking through the wrappers the SDK and Node add. */
function networkCode(error: ErrorLike | undefined, depth = 0): ErrorLike | undefined {
  if (!error || depth > 4) return undefined;
  if (error.code && UNREACHABLE_CODES[error.code]) return error;
  for (const inner of error.errors ?? []) {
    const found = networkCode(inner as ErrorLike, depth + 1);
    if (found) return found;
  }
  return networkCode(error.cause as ErrorLike | undefined, depth + 1);
}

function endpointOf(error: ErrorLike, env: NodeJS.ProcessEnv): string {
  if (error.address) return error.port ? `${error.address}:${error.port}` : error.address;
  return env.AWS_ENDPOINT_URL ?? 'the AWS endpoint';
}

/**
 * Words any error as one line with its fix and picks the exit code. Problems of the
 * environment (unreachable endpoint, missing or refused credentials, no region) are bad
 * input (2): nothing ran, and the user must change something before trying again.
 */
export function classifyError(error: unknown, env: NodeJS.ProcessEnv = process.env): ClassifiedError {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  const e = (error ?? {}) as ErrorLike;
  const bad = (message: string): ClassifiedError => ({ message, exitCode: ExitCodes.BAD_INPUT });

  const network = networkCode(e);
  if (network?.code) {
    const fix = env.AWS_ENDPOINT_URL
      ? 'start the local cloud (npm start) or unset AWS_ENDPOINT_URL to use AWS'
      : 'check the network and AWS_REGION, or set AWS_ENDPOINT_URL to a reachable endpoint';
    return bad(`cannot reach ${endpointOf(network, env)} (${UNREACHABLE_CODES[network.code]}) — ${fix}`);
  }
  if (e.name === 'CredentialsProviderError' || e.name === 'TokenProviderError') {
    return bad(
      'no AWS credentials found — set AWS_PROFILE (after aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  }
  if (typeof e.message === 'string' && /^Region is missing/.test(e.message)) {
    return bad('no AWS region configured — set AWS_REGION, or a region in your AWS profile');
  }
  if (e.name && EXPIRED_CREDENTIALS.has(e.name)) {
    return bad(`the AWS credentials have expired (${e.name}) — refresh them (aws sso login, or new keys) and retry`);
  }
  if (e.name && REJECTED_CREDENTIALS.has(e.name)) {
    return bad(`AWS refused the credentials (${e.name}) — check AWS_PROFILE or the access keys, and that they belong to this endpoint`);
  }
  if (e.name && DENIED.has(e.name)) {
    return bad(`access denied: ${firstLine(e.message)} — use credentials of the orchestrator's account that may call this API`);
  }
  const name = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
  return { message: `${name}${firstLine(e.message ?? String(error))} — rerun with --debug for details`, exitCode: ExitCodes.FAILED };
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0].trim();
}
