import type { ExecutionRecord } from '../../pipeline/executions';
import type { PipelineRecord } from '../../pipeline/records';

const seconds = (iso: string) => new Date(iso).getTime() / 1000;

/** GetPipelineState: each stage's latest execution and its actions' latest executions. */
export function pipelineStateOutput(pipeline: PipelineRecord, executions: readonly ExecutionRecord[]): Record<string, unknown> {
  return {
    pipelineName: pipeline.name,
    pipelineVersion: pipeline.version,
    created: seconds(pipeline.created),
    updated: seconds(pipeline.updated),
    stageStates: pipeline.stages.map((stage) => {
      const latest = executions.find((execution) => execution.stages[stage.name] !== undefined);
      const stageExecution = latest?.stages[stage.name];
      return {
        stageName: stage.name,
        inboundTransitionState: { enabled: true },
        ...(latest && stageExecution ? { latestExecution: { pipelineExecutionId: latest.executionId, status: stageExecution.status } } : {}),
        actionStates: stage.actions.map((action) => {
          const last = stageExecution?.actions[action.name];
          return {
            actionName: action.name,
            ...(last
              ? {
                  latestExecution: {
                    actionExecutionId: last.actionExecutionId,
                    status: last.status,
                    lastStatusChange: seconds(last.lastStatusChange),
                    ...(last.summary ? { summary: last.summary } : {}),
                    ...(last.externalExecutionId ? { externalExecutionId: last.externalExecutionId } : {}),
                    ...(last.errorDetails ? { errorDetails: last.errorDetails } : {}),
                  },
                }
              : {}),
          };
        }),
      };
    }),
  };
}

function revisions(execution: ExecutionRecord) {
  return execution.sourceRevisions
    .filter((r) => r.revisionId !== undefined)
    .map((r) => ({ actionName: r.actionName, revisionId: r.revisionId, ...(r.revisionSummary ? { revisionSummary: r.revisionSummary } : {}) }));
}

export function pipelineExecutionOutput(execution: ExecutionRecord, pipeline: PipelineRecord): Record<string, unknown> {
  const sourceOutputs = new Map(pipeline.stages[0]?.actions.map((a) => [a.name, a.outputArtifacts[0]]) ?? []);
  return {
    pipelineName: execution.pipelineName,
    pipelineVersion: execution.pipelineVersion,
    pipelineExecutionId: execution.executionId,
    status: execution.status,
    ...(execution.statusSummary ? { statusSummary: execution.statusSummary } : {}),
    artifactRevisions: revisions(execution).map((r) => ({ name: sourceOutputs.get(r.actionName) ?? r.actionName, revisionId: r.revisionId, ...(r.revisionSummary ? { revisionSummary: r.revisionSummary } : {}) })),
    trigger: execution.trigger,
    executionMode: execution.executionMode,
    executionType: 'STANDARD',
  };
}

export function executionSummaryOutput(execution: ExecutionRecord): Record<string, unknown> {
  return {
    pipelineExecutionId: execution.executionId,
    status: execution.status,
    ...(execution.statusSummary ? { statusSummary: execution.statusSummary } : {}),
    startTime: seconds(execution.startTime),
    lastUpdateTime: seconds(execution.lastUpdateTime),
    sourceRevisions: revisions(execution),
    trigger: execution.trigger,
    ...(execution.stopTrigger ? { stopTrigger: execution.stopTrigger } : {}),
    executionMode: execution.executionMode,
    executionType: 'STANDARD',
  };
}
