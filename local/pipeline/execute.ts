import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CloudContext } from '../services/service';
import { ActionFailure, type ActionExecutor } from './actions/action';
import { pipelineDir } from './control-files';
import type { PipelineIdentities } from './credentials';
import { executionKey, executionsOf, type ActionExecutionRecord, type ExecutionRecord, type ExecutionStatus, type StageStatus } from './executions';
import type { ActionDeclaration, PipelineRecord, StageDeclaration } from './records';
import type { StageGates } from './stage-gates';

/** What one running execution can be told while it runs. */
export interface ExecutionControl {
  readonly abort: AbortController;
  /** Set by StopPipelineExecution: finish the running actions, then stop. */
  stopReason?: string;
  /** Set when the pipeline's definition changed under the execution. */
  superseded?: string;
}

export interface ExecutionDeps {
  readonly cloud: CloudContext;
  readonly endpoint: () => string;
  readonly gates: StageGates;
  readonly identities: PipelineIdentities;
  readonly executorOf: (action: ActionDeclaration) => ActionExecutor | undefined;
  readonly progress: (line: string) => void;
}

type Change = (execution: ExecutionRecord) => ExecutionRecord;

/**
 * Runs one execution stage by stage: it enters a stage only when no other execution is in it,
 * runs the stage's actions RunOrder group by group (a group's actions in parallel, every one to
 * its end), and ends Failed at the first failed group, Superseded when a newer execution or a new
 * definition overtook it, Stopped when asked; the stage is left as soon as it ends.
 */
export async function runExecution(deps: ExecutionDeps, pipeline: PipelineRecord, key: string, executionId: string, control: ExecutionControl): Promise<void> {
  const record = (change: Change) => executionsOf(deps.cloud.store).update(executionKey(key, executionId), (current) => current && { ...change(current), lastUpdateTime: deps.cloud.now().toISOString() });
  const finish = async (status: ExecutionStatus, summary?: string) => {
    await record((e) => ({ ...e, status, ...(summary === undefined ? {} : { statusSummary: summary }) }));
    deps.progress(`${pipeline.name} ${executionId}: ${status}${summary ? ` (${summary})` : ''}`);
  };
  const artifacts = new Map<string, string>();
  const artifactRoot = path.join(pipelineDir(deps.cloud.store.dir), 'artifacts', executionId);
  const execution = await executionsOf(deps.cloud.store).get(executionKey(key, executionId));
  for (const stage of pipeline.stages) {
    const entry = await deps.gates.enter(key, stage.name, executionId, pipeline.executionMode, control.abort.signal);
    if (entry === 'superseded') return finish('Superseded', `A newer execution reached stage ${stage.name} first.`);
    if (entry === 'stopped') return finish('Stopped', control.stopReason ?? 'Stopped while waiting to enter a stage.');
    try {
      if (control.superseded) return await finish('Superseded', control.superseded);
      if (control.stopReason !== undefined) return await finish('Stopped', control.stopReason);
      await record((e) => ({ ...e, stages: { ...e.stages, [stage.name]: { status: 'InProgress', actions: {} } } }));
      deps.progress(`${pipeline.name} ${executionId}: stage ${stage.name} InProgress`);
      const status = await runStage(deps, pipeline, stage, executionId, execution, artifacts, artifactRoot, control, record);
      await record((e) => ({ ...e, stages: { ...e.stages, [stage.name]: { ...(e.stages[stage.name] ?? { actions: {} }), status } } }));
      deps.progress(`${pipeline.name} ${executionId}: stage ${stage.name} ${status}`);
      if (status === 'Failed') return await finish('Failed', `Stage ${stage.name} failed.`);
      if (control.superseded) return await finish('Superseded', control.superseded);
      if (status === 'Stopped' || control.stopReason !== undefined) return await finish('Stopped', control.stopReason ?? 'Stopped.');
    } finally {
      deps.gates.leave(key, stage.name, executionId);
    }
  }
  await finish('Succeeded');
}

async function runStage(
  deps: ExecutionDeps,
  pipeline: PipelineRecord,
  stage: StageDeclaration,
  executionId: string,
  execution: ExecutionRecord | undefined,
  artifacts: Map<string, string>,
  artifactRoot: string,
  control: ExecutionControl,
  record: (change: Change) => Promise<unknown>,
): Promise<StageStatus> {
  const orders = [...new Set(stage.actions.map((a) => a.runOrder))].sort((a, b) => a - b);
  for (const order of orders) {
    const group = stage.actions.filter((a) => a.runOrder === order);
    const results = await Promise.all(group.map((action) => runAction(deps, pipeline, stage, action, executionId, execution, artifacts, artifactRoot, control, record)));
    if (results.includes(false)) return control.abort.signal.aborted ? 'Stopped' : 'Failed';
    if (control.superseded || control.stopReason !== undefined) return 'Stopped';
  }
  return 'Succeeded';
}

async function runAction(
  deps: ExecutionDeps,
  pipeline: PipelineRecord,
  stage: StageDeclaration,
  action: ActionDeclaration,
  executionId: string,
  execution: ExecutionRecord | undefined,
  artifacts: Map<string, string>,
  artifactRoot: string,
  control: ExecutionControl,
  record: (change: Change) => Promise<unknown>,
): Promise<boolean> {
  const actionExecutionId = randomUUID();
  const set = (state: Omit<ActionExecutionRecord, 'actionExecutionId' | 'lastStatusChange'>) =>
    record((e) => {
      const current = e.stages[stage.name] ?? { status: 'InProgress' as const, actions: {} };
      return { ...e, stages: { ...e.stages, [stage.name]: { ...current, actions: { ...current.actions, [action.name]: { ...state, actionExecutionId, lastStatusChange: deps.cloud.now().toISOString() } } } } };
    });
  const line = (text: string) => deps.progress(`${pipeline.name} ${executionId}: ${stage.name}/${action.name} ${text}`);
  await set({ status: 'InProgress' });
  line('InProgress');
  try {
    const executor = deps.executorOf(action);
    if (!executor) throw new ActionFailure('ConfigurationError', `Action type ${action.category}/${action.owner}/${action.provider}/${action.version} is not served by the local pipeline.`);
    const outputs = new Map<string, string>();
    for (const name of action.outputArtifacts) {
      const dir = path.join(artifactRoot, name);
      await fs.rm(dir, { recursive: true, force: true });
      await fs.mkdir(dir, { recursive: true });
      outputs.set(name, dir);
    }
    const inputs = new Map(action.inputArtifacts.map((name) => [name, artifacts.get(name) as string]));
    const identity = await deps.identities.forAction(pipeline.roleArn, action.roleArn, pipeline.region, `${executionId}`);
    const revision = execution?.sourceRevisions.find((r) => r.actionName === action.name);
    const artifactStore = pipeline.artifactBucket === undefined ? undefined : { bucket: pipeline.artifactBucket, identity: action.roleArn === undefined ? identity : await deps.identities.forAction(pipeline.roleArn, undefined, pipeline.region, executionId) };
    const outcome = await executor({ cloud: deps.cloud, endpoint: deps.endpoint(), pipeline, action, executionId, actionExecutionId, identity, inputs, outputs, ...(revision ? { revision } : {}), ...(artifactStore ? { artifactStore } : {}), signal: control.abort.signal, log: line });
    for (const [name, dir] of outputs) artifacts.set(name, dir);
    await set({ status: 'Succeeded', ...outcome });
    line(`Succeeded${outcome.summary ? `: ${outcome.summary}` : ''}`);
    return true;
  } catch (error) {
    const failure = error instanceof ActionFailure ? error : new ActionFailure('JobFailed', error instanceof Error ? error.message : String(error));
    const status = control.abort.signal.aborted ? 'Abandoned' : 'Failed';
    await set({ status, errorDetails: { code: failure.code, message: failure.message }, ...(failure.externalExecutionId ? { externalExecutionId: failure.externalExecutionId } : {}) });
    line(`${status}: ${failure.message}`);
    return false;
  }
}
