import { randomUUID } from 'crypto';
import { RuntimeError, StatesError, TimeoutError } from './errors';
import type { ExecutionScope } from './runtime';

const LAMBDA_INVOKE = /^arn:[\w-]+:states:::lambda:invoke$/;
const LAMBDA_FUNCTION_ARN = /^arn:[\w-]+:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/;
/** Names of JavaScript's own errors: a port throwing one had no service answer at all. */
const JS_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

/**
 * Runs a Task's resource with its effective parameters and returns the raw result
 * (before ResultSelector). Failures are StatesErrors named as Step Functions names them.
 */
export async function invokeTask(
  resource: string,
  parameters: unknown,
  scope: ExecutionScope,
  stateName: string,
  timeoutSeconds: number | undefined,
): Promise<unknown> {
  const legacy = LAMBDA_FUNCTION_ARN.test(resource);
  const [resourceType, action] = legacy ? ['lambda', 'function'] : describe(resource);
  const prefix = legacy ? 'LambdaFunction' : 'Task';
  const history = scope.record.history;
  history.add(`${prefix}Scheduled`, () => ({ resourceType, resource: action, region: scope.runtime.region, parameters: JSON.stringify(parameters) }));
  history.add(`${prefix}Started`, () => ({ resourceType, resource: action }));
  try {
    const call = legacy
      ? invokeLegacyLambda(resource, parameters, scope)
      : LAMBDA_INVOKE.test(resource)
        ? invokeLambda(parameters, scope, stateName)
        : invokeOther(resource, parameters, scope, stateName);
    const result = await withTimeout(call, timeoutSeconds, stateName);
    history.add(`${prefix}Succeeded`, () => ({ resourceType, resource: action, output: JSON.stringify(result) }));
    return result;
  } catch (thrown) {
    const error = thrown instanceof StatesError ? thrown : new StatesError('States.TaskFailed', String(thrown));
    history.add(error.name === 'States.Timeout' ? `${prefix}TimedOut` : `${prefix}Failed`, () => ({ resourceType, resource: action, error: error.name, cause: error.cause }));
    throw error;
  }
}

function describe(resource: string): [string, string] {
  const tail = resource.split(':::')[1] ?? resource;
  const parts = tail.split(':');
  return [parts.slice(0, -1).join(':') || tail, parts[parts.length - 1]];
}

async function invokeLambda(parameters: unknown, scope: ExecutionScope, stateName: string): Promise<unknown> {
  const params = (parameters ?? {}) as Record<string, unknown>;
  if (typeof params.FunctionName !== 'string' || params.FunctionName === '') {
    throw new RuntimeError(`state '${stateName}': lambda:invoke needs Parameters.FunctionName (a function name or ARN), got ${JSON.stringify(params.FunctionName)}`);
  }
  const qualifier = typeof params.Qualifier === 'string' ? params.Qualifier : undefined;
  const answer = await callLambda(params.FunctionName, params.Payload, qualifier, scope);
  const requestId = randomUUID();
  const version = answer.executedVersion ?? '$LATEST';
  return {
    ExecutedVersion: version,
    Payload: answer.payload ?? null,
    SdkHttpMetadata: {
      HttpHeaders: { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': version, 'x-amzn-RequestId': requestId },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

async function invokeLegacyLambda(resource: string, parameters: unknown, scope: ExecutionScope): Promise<unknown> {
  const answer = await callLambda(resource, parameters, undefined, scope);
  return answer.payload ?? null;
}

/** Calls the port and turns its two kinds of failure into the errors Step Functions reports. */
async function callLambda(functionName: string, payload: unknown, qualifier: string | undefined, scope: ExecutionScope) {
  let answer: Awaited<ReturnType<ExecutionScope['runtime']['ports']['invokeLambda']>>;
  try {
    answer = await scope.runtime.ports.invokeLambda(functionName, payload, qualifier);
  } catch (thrown) {
    throw lambdaServiceError(thrown);
  }
  if (answer.functionError) {
    const { errorType, errorMessage, trace } = answer.functionError;
    throw new StatesError(errorType, JSON.stringify({ errorMessage, errorType, trace }));
  }
  return answer;
}

/** A Lambda service exception `N` fails the state as `Lambda.N`. */
export function lambdaServiceError(thrown: unknown): StatesError {
  const err = thrown as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  const rawName = typeof err?.name === 'string' && err.name !== '' ? err.name : 'Error';
  const name = JS_ERRORS.has(rawName) ? 'Lambda.SdkClientException' : rawName.startsWith('Lambda.') ? rawName : `Lambda.${rawName}`;
  const code = name.slice('Lambda.'.length);
  const status = err?.$metadata?.httpStatusCode;
  const message = typeof err?.message === 'string' ? err.message : String(thrown);
  return new StatesError(name, `${message} (Service: AWSLambda; Status Code: ${status ?? 'none'}; Error Code: ${code})`);
}

async function invokeOther(resource: string, parameters: unknown, scope: ExecutionScope, stateName: string): Promise<unknown> {
  const port = scope.runtime.ports.invokeResource;
  if (!port) {
    throw new RuntimeError(`state '${stateName}': no integration for the resource '${resource}'; give the engine an invokeResource port to run it`);
  }
  try {
    return await port(resource, parameters);
  } catch (thrown) {
    if (thrown instanceof StatesError) throw thrown;
    const err = thrown as { name?: unknown; message?: unknown };
    const name = typeof err?.name === 'string' && !JS_ERRORS.has(err.name) ? err.name : 'States.TaskFailed';
    throw new StatesError(name, typeof err?.message === 'string' ? err.message : String(thrown));
  }
}

/**
 * Task TimeoutSeconds runs on the real clock: a virtual sleep that returns at once would
 * otherwise time out every task.
 */
async function withTimeout<T>(call: Promise<T>, seconds: number | undefined, stateName: string): Promise<T> {
  if (seconds === undefined) return call;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`state '${stateName}' ran longer than its TimeoutSeconds (${seconds})`)), seconds * 1000);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
