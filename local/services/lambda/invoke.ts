import { randomUUID } from 'node:crypto';
import { requireAllowed } from '../../authorize/authorizer';
import { RoleUnusableError } from '../../lambda/role-sessions';
import type { FunctionError } from '../../lambda/sandbox';
import { AwsError } from '../../protocols/aws-error';
import type { CallerIdentity, CloudContext } from '../service';
import { functionArnOf, getFunction, notFound, type FunctionAddress, type FunctionRecord } from './functions';
import { requireRuntime, type LambdaRuntime } from './runtime-registry';

/** Lambda's limit on a synchronous invocation's request and response payloads. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export interface InvokeOptions {
  readonly caller: CallerIdentity;
  /** Region of a bare function name. @default the region in the ARN, else us-east-1 */
  readonly region?: string;
  /** Only `$LATEST` exists locally. */
  readonly qualifier?: string;
  /** @default RequestResponse */
  readonly invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
}

export interface InvokeAnswer {
  readonly requestId: string;
  /** 200 (RequestResponse), 202 (Event) or 204 (DryRun). */
  readonly statusCode: 200 | 202 | 204;
  readonly executedVersion: string;
  /** The response payload as JSON text ('' for Event and DryRun). */
  readonly payloadText: string;
  /** Set when the function failed: the payload is then the error. */
  readonly functionError?: FunctionError;
}

/** A function name as Invoke accepts it: name, partial ARN or ARN, each with an optional `:qualifier`. */
export function resolveTarget(functionName: string, caller: CallerIdentity, region: string): FunctionAddress & { qualifier?: string } {
  const full = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::([\w$-]{1,128}))?$/.exec(functionName);
  if (full) return withQualifier({ region: full[1] as string, accountId: full[2] as string, name: full[3] as string }, full[4]);
  const partial = /^(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::([\w$-]{1,128}))?$/.exec(functionName);
  if (partial) return withQualifier({ region, accountId: partial[1] as string, name: partial[2] as string }, partial[3]);
  const bare = /^([a-zA-Z0-9_-]{1,64})(?::([\w$-]{1,128}))?$/.exec(functionName);
  if (bare) return withQualifier({ region, accountId: caller.accountId, name: bare[1] as string }, bare[2]);
  throw new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint: ` +
      'Member must be a function name (1 to 64 letters, digits, - or _), a partial ARN (123456789012:function:name) or a function ARN',
    400,
  );
}

function withQualifier(address: FunctionAddress, qualifier: string | undefined): FunctionAddress & { qualifier?: string } {
  return qualifier === undefined ? address : { ...address, qualifier };
}

/**
 * Finds a function the caller may act on: the caller's policies (and the function's resource
 * policy) must allow `action` on its ARN before anything about the function is revealed.
 */
export async function authorizedFunction(
  cloud: CloudContext,
  target: FunctionAddress & { qualifier?: string },
  caller: CallerIdentity,
  action: string,
  qualifiedResource = false,
): Promise<FunctionRecord> {
  const arn = functionArnOf(target);
  const resource = qualifiedResource && target.qualifier !== undefined ? `${arn}:${target.qualifier}` : arn;
  const record = await getFunction(cloud, target);
  await requireAllowed(
    cloud.authorize,
    {
      caller,
      action,
      resource,
      resourceAccount: target.accountId,
      region: target.region,
      ...(record && record.policyStatements.length > 0 ? { resourcePolicy: { Version: '2012-10-17', Statement: record.policyStatements } } : {}),
    },
    { code: 'AccessDeniedException', status: 403 },
  );
  if (!record) throw notFound(resource);
  if (target.qualifier !== undefined && target.qualifier !== '$LATEST') throw notFound(`${arn}:${target.qualifier}`);
  return record;
}

/**
 * Invokes a function as `caller` (the Invoke API and the Step Functions engine both come here):
 * authorizes `lambda:InvokeFunction`, counts the invocation against the account's concurrency
 * (TooManyRequestsException beyond it) and runs it in a warm sandbox with the role's session.
 */
export async function invokeRaw(cloud: CloudContext, functionName: string, eventText: string, options: InvokeOptions): Promise<InvokeAnswer> {
  const runtime = requireRuntime(cloud);
  const target = resolveTarget(functionName, options.caller, options.region ?? regionOfArn(functionName) ?? 'us-east-1');
  const qualifier = options.qualifier ?? target.qualifier;
  if (options.qualifier !== undefined && target.qualifier !== undefined && options.qualifier !== target.qualifier) {
    throw new AwsError('InvalidParameterValueException', `The derived qualifier from the function name ${target.qualifier} does not match the specified qualifier ${options.qualifier}.`, 400);
  }
  const address = qualifier === undefined ? target : { ...target, qualifier };
  const record = await authorizedFunction(cloud, address, options.caller, 'lambda:InvokeFunction', true);
  if (Buffer.byteLength(eventText) > MAX_PAYLOAD_BYTES) {
    throw new AwsError('RequestTooLargeException', `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`, 413);
  }
  const event = parseEvent(eventText);
  const requestId = randomUUID();
  const invocationType = options.invocationType ?? 'RequestResponse';
  if (invocationType === 'DryRun') return { requestId, statusCode: 204, executedVersion: '$LATEST', payloadText: '' };
  const invokedFunctionArn = qualifier === undefined ? record.functionArn : `${record.functionArn}:${qualifier}`;
  const run = (): Promise<InvokeAnswer> => runCounted(runtime, record, event, requestId, invokedFunctionArn);
  if (invocationType === 'Event') {
    // Asynchronous invocations are queued by Lambda and never fail the caller.
    void run().catch(() => undefined);
    return { requestId, statusCode: 202, executedVersion: '$LATEST', payloadText: '' };
  }
  return run();
}

/** The programmatic Invoke: a JSON value in, the parsed payload or the function's error out. */
export async function invokeFunction(
  cloud: CloudContext,
  functionArn: string,
  payload: unknown,
  options: InvokeOptions,
): Promise<{ payload?: unknown; functionError?: FunctionError; executedVersion: string; requestId: string }> {
  const answer = await invokeRaw(cloud, functionArn, payload === undefined ? '{}' : JSON.stringify(payload), options);
  if (answer.functionError) return { functionError: answer.functionError, executedVersion: answer.executedVersion, requestId: answer.requestId };
  return { payload: answer.payloadText === '' ? undefined : JSON.parse(answer.payloadText), executedVersion: answer.executedVersion, requestId: answer.requestId };
}

async function runCounted(runtime: LambdaRuntime, record: FunctionRecord, event: unknown, requestId: string, invokedFunctionArn: string): Promise<InvokeAnswer> {
  const key = `${record.accountId}/${record.region}`;
  const inFlight = runtime.inFlight.get(key) ?? 0;
  if (inFlight >= runtime.concurrencyLimit) {
    runtime.counts.throttled += 1;
    throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429);
  }
  runtime.inFlight.set(key, inFlight + 1);
  runtime.counts.invoked += 1;
  try {
    const outcome = await runtime.runner.invoke(
      {
        functionArn: record.functionArn,
        functionName: record.functionName,
        region: record.region,
        codeDirectory: record.codeDirectory,
        handler: record.handler,
        runtime: record.runtime,
        timeoutSeconds: record.timeoutSeconds,
        memorySize: record.memorySize,
        environment: record.environment,
        revisionId: record.revisionId,
      },
      event,
      { requestId, invokedFunctionArn },
    ).catch((error: unknown) => {
      if (error instanceof RoleUnusableError) {
        throw new AwsError('InvalidParameterValueException', `The role defined for the function cannot be assumed by Lambda. ${error.message}`, 400);
      }
      throw error;
    });
    if ('functionError' in outcome) {
      return { requestId, statusCode: 200, executedVersion: '$LATEST', payloadText: JSON.stringify(outcome.functionError), functionError: outcome.functionError };
    }
    if (Buffer.byteLength(outcome.payload) > MAX_PAYLOAD_BYTES) {
      const functionError = { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).` };
      return { requestId, statusCode: 200, executedVersion: '$LATEST', payloadText: JSON.stringify(functionError), functionError };
    }
    return { requestId, statusCode: 200, executedVersion: '$LATEST', payloadText: outcome.payload };
  } finally {
    const left = (runtime.inFlight.get(key) ?? 1) - 1;
    if (left <= 0) runtime.inFlight.delete(key);
    else runtime.inFlight.set(key, left);
  }
}

function parseEvent(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AwsError('InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}`, 400);
  }
}

function regionOfArn(name: string): string | undefined {
  return /^arn:aws[\w-]*:lambda:([a-z0-9-]+):/.exec(name)?.[1];
}
