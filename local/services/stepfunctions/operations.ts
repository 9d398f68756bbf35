import { requireAllowed } from '../../authorize/authorizer';
import { AwsError } from '../../protocols/aws-error';
import { MAX_PAYLOAD_BYTES, type ExecutionStatus } from '../../stepfunctions';
import type { CloudContext, ServiceRequest, ServiceResponse } from '../service';
import type { Executions } from './executions';
import { describeExecutionOutput, describeMapRunOutput, describeStateMachineOutput, executionListItem, mapRunListItem, page } from './shapes';
import {
  createStateMachine,
  deleteStateMachine,
  listStateMachines,
  parseStateMachineArn,
  requireStateMachine,
  stateMachineArnOf,
  updateStateMachine,
} from './state-machines';

export type Operation = (request: ServiceRequest, cloud: CloudContext, executions: Executions) => Promise<ServiceResponse>;

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

async function allow(cloud: CloudContext, request: ServiceRequest, action: string, resource: string, context?: Record<string, string>): Promise<void> {
  await requireAllowed(
    cloud.authorize,
    { caller: request.caller, action, resource, region: request.region, ...(context === undefined ? {} : { context }) },
    { code: 'AccessDeniedException', status: 400 },
  );
}

function text(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`, 400);
  }
  return value;
}

function executionArnOf(input: Record<string, unknown>, field = 'executionArn'): string {
  const arn = text(input, field);
  if (!/^arn:aws:states:[a-z0-9-]+:\d{12}:execution:[^:\s]+:[^:\s]+$/.test(arn)) {
    throw new AwsError('InvalidArn', `Invalid Arn: '${arn}': give an execution ARN, arn:aws:states:<region>:<account>:execution:<state machine>:<name>.`, 400);
  }
  return arn;
}

function executionMissing(arn: string): AwsError {
  return new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`, 400);
}

function parseInput(value: unknown): unknown {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') throw new AwsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input must be a JSON text.', 400);
  if (Buffer.byteLength(value) > MAX_PAYLOAD_BYTES) {
    throw new AwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: the input is larger than ${MAX_PAYLOAD_BYTES} bytes; pass a reference to S3 instead.`, 400);
  }
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new AwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(error as Error).message}'`, 400);
  }
}

export const operations: Readonly<Record<string, Operation>> = {
  CreateStateMachine: async (request, cloud) => {
    const { input, caller } = request;
    const name = text(input, 'name');
    const roleArn = text(input, 'roleArn');
    await allow(cloud, request, 'states:CreateStateMachine', stateMachineArnOf(caller.accountId, request.region, name));
    await allow(cloud, request, 'iam:PassRole', roleArn, { 'iam:PassedToService': 'states.amazonaws.com' });
    const record = await createStateMachine(cloud, {
      accountId: caller.accountId,
      region: request.region,
      name,
      definition: text(input, 'definition'),
      roleArn,
      ...(typeof input.type === 'string' ? { type: input.type } : {}),
    });
    return { output: { stateMachineArn: record.stateMachineArn, creationDate: new Date(record.creationDate) } };
  },

  DescribeStateMachine: async (request, cloud) => {
    const arn = text(request.input, 'stateMachineArn');
    parseStateMachineArn(arn);
    await allow(cloud, request, 'states:DescribeStateMachine', arn);
    return { output: describeStateMachineOutput(await requireStateMachine(cloud, arn)) };
  },

  UpdateStateMachine: async (request, cloud) => {
    const arn = text(request.input, 'stateMachineArn');
    parseStateMachineArn(arn);
    await allow(cloud, request, 'states:UpdateStateMachine', arn);
    const roleArn = typeof request.input.roleArn === 'string' ? request.input.roleArn : undefined;
    if (roleArn !== undefined) await allow(cloud, request, 'iam:PassRole', roleArn, { 'iam:PassedToService': 'states.amazonaws.com' });
    const definition = typeof request.input.definition === 'string' ? request.input.definition : undefined;
    const updated = await updateStateMachine(cloud, arn, { ...(definition === undefined ? {} : { definition }), ...(roleArn === undefined ? {} : { roleArn }) });
    return { output: { updateDate: new Date(updated.updateDate ?? updated.creationDate) } };
  },

  DeleteStateMachine: async (request, cloud) => {
    const arn = text(request.input, 'stateMachineArn');
    parseStateMachineArn(arn);
    await allow(cloud, request, 'states:DeleteStateMachine', arn);
    await deleteStateMachine(cloud, arn);
    return { output: {} };
  },

  ListStateMachines: async (request, cloud) => {
    await allow(cloud, request, 'states:ListStateMachines', '*');
    const all = await listStateMachines(cloud, request.caller.accountId, request.region);
    const { items, nextToken } = page(all, request.input, `ListStateMachines ${request.caller.accountId} ${request.region}`);
    return {
      output: {
        stateMachines: items.map((record) => ({ stateMachineArn: record.stateMachineArn, name: record.name, type: record.type, creationDate: new Date(record.creationDate) })),
        nextToken,
      },
    };
  },

  StartExecution: async (request, cloud, executions) => {
    const arn = text(request.input, 'stateMachineArn');
    parseStateMachineArn(arn);
    await allow(cloud, request, 'states:StartExecution', arn);
    const machine = await requireStateMachine(cloud, arn);
    const name = typeof request.input.name === 'string' ? request.input.name : undefined;
    const started = await executions.start(machine, parseInput(request.input.input), name);
    return { output: { executionArn: started.executionArn, startDate: started.startDate } };
  },

  DescribeExecution: async (request, cloud, executions) => {
    const arn = executionArnOf(request.input);
    await allow(cloud, request, 'states:DescribeExecution', arn);
    const execution = await executions.describe(arn);
    if (!execution) throw executionMissing(arn);
    return { output: describeExecutionOutput(execution) };
  },

  ListExecutions: async (request, cloud, executions) => {
    const { input } = request;
    const stateMachineArn = typeof input.stateMachineArn === 'string' ? input.stateMachineArn : undefined;
    const mapRunArn = typeof input.mapRunArn === 'string' ? input.mapRunArn : undefined;
    if ((stateMachineArn === undefined) === (mapRunArn === undefined)) {
      throw new AwsError('ValidationException', 'Give exactly one of stateMachineArn and mapRunArn.', 400);
    }
    if (stateMachineArn !== undefined) {
      parseStateMachineArn(stateMachineArn);
      await allow(cloud, request, 'states:ListExecutions', stateMachineArn);
      await requireStateMachine(cloud, stateMachineArn);
    } else {
      await allow(cloud, request, 'states:ListExecutions', mapRunArn as string);
    }
    const status = input.statusFilter;
    if (status !== undefined && status !== null && !STATUSES.includes(status as ExecutionStatus)) {
      throw new AwsError('ValidationException', `statusFilter ${JSON.stringify(status)} must be one of ${STATUSES.join(', ')}.`, 400);
    }
    const all = (await executions.list(stateMachineArn !== undefined ? { stateMachineArn } : { mapRunArn: mapRunArn as string })).filter(
      (execution) => status === undefined || status === null || execution.status === status,
    );
    const { items, nextToken } = page(all, input, `ListExecutions ${stateMachineArn ?? mapRunArn} ${String(status ?? '')}`);
    return { output: { executions: items.map(executionListItem), nextToken } };
  },

  GetExecutionHistory: async (request, cloud, executions) => {
    const arn = executionArnOf(request.input);
    await allow(cloud, request, 'states:GetExecutionHistory', arn);
    const events = await executions.history(arn);
    if (!events) throw executionMissing(arn);
    const reverse = request.input.reverseOrder === true;
    const ordered = reverse ? [...events].reverse() : [...events];
    const withData = request.input.includeExecutionData !== false;
    const { items, nextToken } = page(ordered, request.input, `GetExecutionHistory ${arn} ${reverse}`);
    return { output: { events: withData ? items : items.map(withoutData), nextToken } };
  },

  StopExecution: async (request, cloud, executions) => {
    const arn = executionArnOf(request.input);
    await allow(cloud, request, 'states:StopExecution', arn);
    if (!(await executions.describe(arn))) throw executionMissing(arn);
    const error = typeof request.input.error === 'string' ? request.input.error : undefined;
    const cause = typeof request.input.cause === 'string' ? request.input.cause : undefined;
    await executions.stop(arn, { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) });
    return { output: { stopDate: cloud.now() } };
  },

  DescribeMapRun: async (request, cloud, executions) => {
    const arn = text(request.input, 'mapRunArn');
    await allow(cloud, request, 'states:DescribeMapRun', arn);
    const run = await executions.mapRun(arn);
    if (!run) throw new AwsError('ResourceNotFound', `Resource not found: '${arn}'`, 400);
    return { output: describeMapRunOutput(run) };
  },

  ListMapRuns: async (request, cloud, executions) => {
    const arn = executionArnOf(request.input);
    await allow(cloud, request, 'states:ListMapRuns', arn);
    if (!(await executions.describe(arn))) throw executionMissing(arn);
    const runs = await executions.mapRuns(arn);
    const { items, nextToken } = page(runs, request.input, `ListMapRuns ${arn}`);
    return { output: { mapRuns: items.map(mapRunListItem), nextToken } };
  },
};

/** includeExecutionData false: the events without their input and output. */
function withoutData<T extends Record<string, unknown>>(event: T): T {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
      const { input: _input, output: _output, ...rest } = value as Record<string, unknown>;
      copy[key] = rest;
    }
  }
  return copy as T;
}
