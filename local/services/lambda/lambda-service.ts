import { FunctionRunner } from '../../lambda/runner';
import { RoleSessions } from '../../lambda/role-sessions';
import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, LocalService, LocalServiceFactory, ServiceRequest } from '../service';
import { getFunction } from './functions';
import { operations, type RouteParams } from './operations';
import { registerRuntime, runtimeOf } from './runtime-registry';

export interface LambdaServiceOptions {
  /** The cloud's endpoint, set as AWS_ENDPOINT_URL inside functions; read at each new sandbox. */
  readonly endpoint: () => string;
  /** Invocations at once per account and region before TooManyRequestsException. @default 1,000 (Lambda's default quota) */
  readonly concurrencyLimit?: number;
  /** Sandboxes (worker threads) per function; further invocations wait for a warm one. @default 6 */
  readonly maxSandboxesPerFunction?: number;
  /** Sandboxes over all functions. @default 24 */
  readonly maxSandboxes?: number;
  /** Warm sandboxes kept per function. @default maxSandboxesPerFunction */
  readonly maxWarmPerFunction?: number;
  /** Seconds an idle sandbox stays warm. @default 300 */
  readonly idleSeconds?: number;
  /** Worker threads running at once over all functions; more invocations wait. @default 64 */
  readonly maxRunning?: number;
  /** Each line a function logs. @default discarded */
  readonly onLog?: (functionName: string, line: string) => void;
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operation: string;
  readonly params: ReadonlyArray<keyof RouteParams>;
}

const PREFIX = '/2015-03-31/functions';
const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/([^/]+)\/invocations$/, operation: 'Invoke', params: ['functionName'] },
  { method: 'GET', pattern: /^\/([^/]+)\/configuration$/, operation: 'GetFunctionConfiguration', params: ['functionName'] },
  { method: 'GET', pattern: /^\/([^/]+)\/policy$/, operation: 'GetPolicy', params: ['functionName'] },
  { method: 'POST', pattern: /^\/([^/]+)\/policy$/, operation: 'AddPermission', params: ['functionName'] },
  { method: 'DELETE', pattern: /^\/([^/]+)\/policy\/([^/]+)$/, operation: 'RemovePermission', params: ['functionName', 'statementId'] },
  { method: 'GET', pattern: /^\/([^/]+)$/, operation: 'GetFunction', params: ['functionName'] },
  { method: 'DELETE', pattern: /^\/([^/]+)$/, operation: 'DeleteFunction', params: ['functionName'] },
  { method: 'GET', pattern: /^\/?$/, operation: 'ListFunctions', params: [] },
  { method: 'POST', pattern: /^\/?$/, operation: 'CreateFunction', params: [] },
];

function route(request: Pick<ServiceRequest, 'method' | 'path'>): { operation: string; params: RouteParams } | undefined {
  if (!request.path.startsWith(PREFIX)) return undefined;
  const rest = request.path.slice(PREFIX.length);
  for (const candidate of ROUTES) {
    if (candidate.method !== request.method) continue;
    const match = candidate.pattern.exec(rest);
    if (!match) continue;
    const params: Record<string, string> = {};
    candidate.params.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] as string);
    });
    return { operation: candidate.operation, params };
  }
  return undefined;
}

/**
 * AWS Lambda (rest-json): functions from code directories, run in worker threads with their
 * role's session (see local/lambda), Invoke with Lambda's error shapes and concurrency quota,
 * the function's configuration, and its resource policy. Every call is authorized against the
 * caller's policies.
 */
export function lambdaService(options: LambdaServiceOptions): LocalServiceFactory {
  return (cloud: CloudContext): LocalService => {
    const sessions = new RoleSessions(cloud, 'lambda.amazonaws.com');
    const runner = new FunctionRunner({
      endpoint: options.endpoint,
      now: cloud.now,
      credentialsFor: async (fn) => {
        const record = await getFunction(cloud, { accountId: accountOf(fn.functionArn), region: fn.region, name: fn.functionName });
        if (!record) throw new AwsError('ResourceNotFoundException', `Function not found: ${fn.functionArn}`, 404);
        const session = await sessions.sessionFor(record.roleArn, fn.functionName);
        return { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiration: new Date(session.expiration) };
      },
      ...(options.maxSandboxesPerFunction === undefined ? {} : { maxSandboxesPerFunction: options.maxSandboxesPerFunction }),
      ...(options.maxSandboxes === undefined ? {} : { maxSandboxes: options.maxSandboxes }),
      ...(options.maxWarmPerFunction === undefined ? {} : { maxWarmPerFunction: options.maxWarmPerFunction }),
      ...(options.idleSeconds === undefined ? {} : { idleSeconds: options.idleSeconds }),
      ...(options.maxRunning === undefined ? {} : { maxRunning: options.maxRunning }),
      ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
    });
    registerRuntime(cloud, { runner, sessions, concurrencyLimit: options.concurrencyLimit ?? 1000, inFlight: new Map(), counts: { invoked: 0, throttled: 0 } });
    return {
      name: 'lambda',
      protocol: 'rest-json',
      operationOf: (request) => route(request)?.operation ?? `${request.method} ${request.path}`,
      handle: async (request) => {
        const found = route(request);
        const operation = found && operations[found.operation];
        if (!found || !operation) {
          throw new AwsError('UnknownOperationException', `The local Lambda has no operation at ${request.method} ${request.path}; it serves Invoke, GetFunction, GetFunctionConfiguration, ListFunctions, CreateFunction, DeleteFunction, AddPermission, RemovePermission and GetPolicy.`, 404);
        }
        try {
          return await operation(request, cloud, found.params);
        } catch (error) {
          if (error instanceof AwsError && error.code === 'TooManyRequestsException') return throttled(error);
          throw error;
        }
      },
    };
  };
}

/** Ends the warm sandboxes of a cloud's functions (before closing the cloud, or between tests). */
export async function stopFunctions(cloud: CloudContext): Promise<void> {
  await runtimeOf(cloud)?.runner.close();
}

/** Lambda's 429 names why it throttled, which the shared rest-json error shape cannot carry. */
function throttled(error: AwsError) {
  return {
    status: 429,
    headers: { 'x-amzn-errortype': error.code, 'content-type': 'application/json', 'retry-after': '1' },
    body: JSON.stringify({ Type: 'User', message: error.message, Reason: 'ConcurrentInvocationLimitExceeded' }),
  };
}

function accountOf(functionArn: string): string {
  return functionArn.split(':')[4] ?? '';
}
