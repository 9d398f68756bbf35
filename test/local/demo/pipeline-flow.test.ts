import { describe, expect, it } from 'vitest';
import type { GetPipelineStateCommandOutput } from '@aws-sdk/client-codepipeline';
import { actionRunsOf } from '../../../local/demo/pipeline-flow';

const RUN = '11111111-2222-4333-8444-555555555555';
const EARLIER = '99999999-2222-4333-8444-555555555555';

/** A pipeline whose Build failed in RUN; later stages still show an earlier execution. */
function state(): GetPipelineStateCommandOutput {
  return {
    $metadata: {},
    pipelineName: 'StepEverywhere',
    stageStates: [
      { stageName: 'Source', latestExecution: { pipelineExecutionId: RUN, status: 'Succeeded' }, actionStates: [{ actionName: 'platform', latestExecution: { status: 'Succeeded', externalExecutionId: 'abc123' } }] },
      {
        stageName: 'Build',
        latestExecution: { pipelineExecutionId: RUN, status: 'Failed' },
        actionStates: [{ actionName: 'Synth', latestExecution: { status: 'Failed', errorDetails: { code: 'JobFailed', message: 'deployments/broken.yaml:2:11: template ../templates/missing.yaml does not exist' } } }],
      },
      { stageName: 'Run-order-0', latestExecution: { pipelineExecutionId: EARLIER, status: 'Succeeded' }, actionStates: [{ actionName: 'audit', latestExecution: { status: 'Succeeded', externalExecutionId: 'arn:aws:states:us-east-1:111111111111:execution:StepEverywhere:audit-1' } }] },
    ],
  };
}

describe('actionRunsOf', () => {
  it('answers the actions of the stages this execution reached, with the failure message, and none of an earlier execution', () => {
    // Act
    const runs = actionRunsOf(state(), RUN);

    // Assess
    expect(runs).toEqual([
      { stage: 'Source', action: 'platform', status: 'Succeeded', externalExecutionId: 'abc123' },
      { stage: 'Build', action: 'Synth', status: 'Failed', message: 'deployments/broken.yaml:2:11: template ../templates/missing.yaml does not exist' },
    ]);
  });

  it('answers nothing for an execution the state does not show', () => {
    // Act
    const runs = actionRunsOf(state(), '00000000-0000-4000-8000-000000000000');

    // Assess
    expect(runs).toEqual([]);
  });
});
