import type { Store } from '../store/store';
import type { ExecutionMode } from './records';

export type ExecutionStatus = 'InProgress' | 'Stopping' | 'Stopped' | 'Succeeded' | 'Superseded' | 'Failed' | 'Cancelled';
export type StageStatus = 'InProgress' | 'Stopping' | 'Stopped' | 'Succeeded' | 'Failed' | 'Cancelled';
export type ActionStatus = 'InProgress' | 'Abandoned' | 'Succeeded' | 'Failed';

export interface ActionExecutionRecord {
  readonly actionExecutionId: string;
  readonly status: ActionStatus;
  readonly summary?: string;
  readonly lastStatusChange: string;
  /** The build id, change set, stack or state machine execution the action ran. */
  readonly externalExecutionId?: string;
  readonly errorDetails?: { readonly code: string; readonly message: string };
  readonly outputVariables?: Readonly<Record<string, string>>;
}

export interface StageExecutionRecord {
  readonly status: StageStatus;
  readonly actions: Readonly<Record<string, ActionExecutionRecord>>;
}

export interface SourceRevisionRecord {
  readonly actionName: string;
  /** The commit id; absent when the branch did not exist when the execution started. */
  readonly revisionId?: string;
  readonly revisionSummary?: string;
}

export interface ExecutionRecord {
  readonly pipelineKey: string;
  readonly pipelineName: string;
  readonly executionId: string;
  readonly pipelineVersion: number;
  readonly executionMode: ExecutionMode;
  readonly status: ExecutionStatus;
  readonly statusSummary?: string;
  readonly startTime: string;
  readonly lastUpdateTime: string;
  readonly trigger: { readonly triggerType: string; readonly triggerDetail: string };
  readonly stopTrigger?: { readonly reason: string };
  readonly sourceRevisions: readonly SourceRevisionRecord[];
  readonly stages: Readonly<Record<string, StageExecutionRecord>>;
}

export const FINISHED: ReadonlySet<ExecutionStatus> = new Set(['Stopped', 'Succeeded', 'Superseded', 'Failed', 'Cancelled']);

export function executionsOf(store: Store) {
  return store.namespace<ExecutionRecord>('codepipeline-executions');
}

export function executionKey(pipelineKey: string, executionId: string): string {
  return `${pipelineKey}/${executionId}`;
}

/** Executions of one pipeline, newest first, as ListPipelineExecutions orders them. */
export async function listExecutions(store: Store, pipelineKey: string): Promise<ExecutionRecord[]> {
  return (await executionsOf(store).entries())
    .map(([, execution]) => execution)
    .filter((execution) => execution.pipelineKey === pipelineKey)
    .sort((a, b) => b.startTime.localeCompare(a.startTime) || b.executionId.localeCompare(a.executionId));
}
