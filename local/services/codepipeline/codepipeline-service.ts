import { requireAllowed } from '../../authorize/authorizer';
import { startControlServer, type ControlServer } from '../../pipeline/control-server';
import { executionKey, executionsOf, FINISHED, listExecutions } from '../../pipeline/executions';
import { pipelineArnOf, pipelinesOf, recordKey, type PipelineRecord } from '../../pipeline/records';
import { PipelineRuntime } from '../../pipeline/runtime';
import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, LocalService, LocalServiceFactory, ServiceRequest, ServiceResponse } from '../service';
import { executionSummaryOutput, pipelineExecutionOutput, pipelineStateOutput } from './shapes';

export const CODEPIPELINE_TARGET_PREFIX = 'CodePipeline_20150709';

export interface CodePipelineServiceOptions {
  readonly endpoint: () => string;
  /** One line per execution, stage and action status change. @default discarded */
  readonly progress?: (line: string) => void;
  readonly log?: (line: string) => void;
}

interface Running {
  readonly runtime: PipelineRuntime;
  readonly control: Promise<ControlServer>;
}

const running = new WeakMap<CloudContext, Running>();

type Operation = (request: ServiceRequest, cloud: CloudContext, runtime: PipelineRuntime) => Promise<ServiceResponse>;

function text(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') throw new AwsError('ValidationException', `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null (give the ${field}).`, 400);
  return value;
}

async function pipelineFor(request: ServiceRequest, cloud: CloudContext, field: string, action: string): Promise<PipelineRecord> {
  const name = text(request.input, field);
  await requireAllowed(cloud.authorize, { caller: request.caller, action: `codepipeline:${action}`, resource: pipelineArnOf(request.caller.accountId, request.region, name), region: request.region }, { code: 'AccessDeniedException' });
  const pipeline = await pipelinesOf(cloud.store).get(recordKey(request.caller.accountId, request.region, name));
  if (!pipeline) throw new AwsError('PipelineNotFoundException', `Account '${request.caller.accountId}' does not have a pipeline with name '${name}'`, 400);
  return pipeline;
}

async function executionFor(cloud: CloudContext, pipeline: PipelineRecord, executionId: string) {
  const execution = await executionsOf(cloud.store).get(executionKey(recordKey(pipeline.accountId, pipeline.region, pipeline.name), executionId));
  if (!execution) throw new AwsError('PipelineExecutionNotFoundException', `Pipeline execution ${executionId} does not exist in pipeline ${pipeline.name}`, 400);
  return execution;
}

const operations: Readonly<Record<string, Operation>> = {
  StartPipelineExecution: async (request, cloud, runtime) => {
    const pipeline = await pipelineFor(request, cloud, 'name', 'StartPipelineExecution');
    const pipelineExecutionId = await runtime.start(pipeline, { triggerType: 'StartPipelineExecution', triggerDetail: request.caller.arn });
    return { output: { pipelineExecutionId } };
  },
  GetPipelineState: async (request, cloud) => {
    const pipeline = await pipelineFor(request, cloud, 'name', 'GetPipelineState');
    return { output: pipelineStateOutput(pipeline, await listExecutions(cloud.store, recordKey(pipeline.accountId, pipeline.region, pipeline.name))) };
  },
  GetPipelineExecution: async (request, cloud) => {
    const pipeline = await pipelineFor(request, cloud, 'pipelineName', 'GetPipelineExecution');
    const execution = await executionFor(cloud, pipeline, text(request.input, 'pipelineExecutionId'));
    return { output: { pipelineExecution: pipelineExecutionOutput(execution, pipeline) } };
  },
  ListPipelineExecutions: async (request, cloud) => {
    const pipeline = await pipelineFor(request, cloud, 'pipelineName', 'ListPipelineExecutions');
    const all = await listExecutions(cloud.store, recordKey(pipeline.accountId, pipeline.region, pipeline.name));
    const max = request.input.maxResults === undefined ? 100 : Number(request.input.maxResults);
    if (!Number.isInteger(max) || max < 1 || max > 100) throw new AwsError('ValidationException', `maxResults ${String(request.input.maxResults)} must be 1 to 100.`, 400);
    const start = request.input.nextToken === undefined ? 0 : Number(Buffer.from(String(request.input.nextToken), 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0 || start > all.length) throw new AwsError('InvalidNextTokenException', 'The nextToken is not one this call returned; call again without it.', 400);
    const page = all.slice(start, start + max);
    return { output: { pipelineExecutionSummaries: page.map(executionSummaryOutput), ...(start + max < all.length ? { nextToken: Buffer.from(String(start + max)).toString('base64') } : {}) } };
  },
  StopPipelineExecution: async (request, cloud, runtime) => {
    const pipeline = await pipelineFor(request, cloud, 'pipelineName', 'StopPipelineExecution');
    const executionId = text(request.input, 'pipelineExecutionId');
    const execution = await executionFor(cloud, pipeline, executionId);
    if (execution.status === 'Stopping') throw new AwsError('DuplicatedStopRequestException', `Execution ${executionId} is already stopping.`, 400);
    if (FINISHED.has(execution.status) || !runtime.isRunning(executionId)) throw new AwsError('PipelineExecutionNotStoppableException', `Execution ${executionId} is ${execution.status}: only an InProgress execution can be stopped.`, 400);
    const reason = typeof request.input.reason === 'string' ? request.input.reason : `Stopped by ${request.caller.arn}`;
    await runtime.stop(recordKey(pipeline.accountId, pipeline.region, pipeline.name), executionId, request.input.abandon === true, reason);
    return { output: { pipelineExecutionId: executionId } };
  },
};

/**
 * AWS CodePipeline (JSON 1.1): start, watch, list and stop executions of the pipelines the local
 * CloudFormation created, every call authorized on the pipeline's ARN. Building it starts the
 * cloud's pipeline runtime and its loopback control endpoint (git pushes, local cdk tools).
 */
export function codePipelineService(options: CodePipelineServiceOptions): LocalServiceFactory {
  return (cloud: CloudContext): LocalService => {
    let controlUrl = '';
    let resolveReady: (value: unknown) => void = () => undefined;
    const ready = new Promise((resolve) => (resolveReady = resolve));
    const runtime = new PipelineRuntime(cloud, { endpoint: options.endpoint, controlUrl: () => controlUrl, ready, ...(options.progress ? { progress: options.progress } : {}) });
    const control = startControlServer(runtime, cloud.store.dir, options.log ?? (() => undefined));
    control.then((server) => (controlUrl = server.url)).finally(() => resolveReady(undefined)).catch(() => undefined);
    running.set(cloud, { runtime, control });
    return {
      name: 'codepipeline',
      protocol: 'json-1.1',
      targetPrefix: CODEPIPELINE_TARGET_PREFIX,
      handle: async (request) => {
        const operation = operations[request.action];
        if (!operation) throw new AwsError('UnknownOperationException', `The local CodePipeline does not serve ${request.action}; it serves: ${Object.keys(operations).join(', ')}.`, 400);
        return operation(request, cloud, runtime);
      },
    };
  };
}

/** Stops the cloud's pipeline executions and its control endpoint (before closing the cloud). */
export async function stopPipelines(cloud: CloudContext): Promise<void> {
  const entry = running.get(cloud);
  if (!entry) return;
  running.delete(cloud);
  await entry.runtime.close();
  await (await entry.control.catch(() => undefined))?.close();
}

/** The runtime of a cloud built with this service, e.g. for a demo to report progress. */
export function pipelineRuntimeOf(cloud: CloudContext): PipelineRuntime | undefined {
  return running.get(cloud)?.runtime;
}
