import { AwsError } from '../../protocols/aws-error';
import type { ExecutionDescription, ItemCounts, MapRunRecord } from '../../stepfunctions';
import type { StateMachineRecord } from './state-machines';

/** Output shapes of the Step Functions API (dates as Date: the JSON codec writes epoch seconds). */

export function describeStateMachineOutput(record: StateMachineRecord): Record<string, unknown> {
  return {
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: 'ACTIVE',
    definition: record.definition,
    roleArn: record.roleArn,
    type: record.type,
    creationDate: new Date(record.creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

export function describeExecutionOutput(execution: ExecutionDescription): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: execution.startDate,
    stopDate: execution.stopDate,
    input: JSON.stringify(execution.input),
    inputDetails: { included: true },
    ...(execution.status === 'SUCCEEDED' ? { output: JSON.stringify(execution.output ?? null), outputDetails: { included: true } } : {}),
    error: execution.error,
    cause: execution.cause,
    mapRunArn: execution.mapRunArn,
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

export function executionListItem(execution: ExecutionDescription): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: execution.startDate,
    stopDate: execution.stopDate,
    mapRunArn: execution.mapRunArn,
  };
}

function counts(value: ItemCounts): Record<string, number> {
  return { ...value, failuresNotRedrivable: 0, pendingRedrive: 0 };
}

export function describeMapRunOutput(run: MapRunRecord): Record<string, unknown> {
  return {
    mapRunArn: run.mapRunArn,
    executionArn: run.executionArn,
    status: run.status,
    startDate: run.startDate,
    stopDate: run.stopDate,
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage,
    toleratedFailureCount: run.toleratedFailureCount,
    itemCounts: counts(run.itemCounts),
    executionCounts: counts(run.executionCounts),
    redriveCount: 0,
  };
}

/** `…:mapRun:<machine>/<label>:<id>` → the child state machine `…:stateMachine:<machine>/<label>`. */
export function mapRunListItem(run: MapRunRecord): Record<string, unknown> {
  const stateMachineArn = run.mapRunArn.replace(':mapRun:', ':stateMachine:').replace(/:[^:]+$/, '');
  return { executionArn: run.executionArn, mapRunArn: run.mapRunArn, stateMachineArn, startDate: run.startDate, stopDate: run.stopDate };
}

/**
 * One page of a list, with AWS's rules: maxResults 0 means the default, more than 1,000 is a
 * ValidationException, and a nextToken only works for the listing that issued it.
 */
export function page<T>(items: readonly T[], input: { maxResults?: unknown; nextToken?: unknown }, scope: string, defaultSize = 100): { items: T[]; nextToken?: string } {
  const max = input.maxResults === undefined || input.maxResults === null || input.maxResults === 0 ? defaultSize : input.maxResults;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > 1000) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${String(input.maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 1000`, 400);
  }
  let offset = 0;
  if (input.nextToken !== undefined && input.nextToken !== null) {
    const decoded = typeof input.nextToken === 'string' ? decodeToken(input.nextToken) : undefined;
    if (!decoded || decoded.scope !== scope) throw new AwsError('InvalidToken', `Invalid Token: '${String(input.nextToken)}': pass the nextToken of the previous page of the same listing.`, 400);
    offset = decoded.offset;
  }
  const slice = items.slice(offset, offset + max);
  const next = offset + max < items.length ? Buffer.from(JSON.stringify({ scope, offset: offset + max })).toString('base64') : undefined;
  return next === undefined ? { items: slice } : { items: slice, nextToken: next };
}

function decodeToken(token: string): { scope: string; offset: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { scope?: unknown; offset?: unknown };
    return typeof parsed.scope === 'string' && typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0
      ? { scope: parsed.scope, offset: parsed.offset }
      : undefined;
  } catch {
    return undefined;
  }
}
