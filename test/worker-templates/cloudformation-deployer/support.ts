import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { WorkerContext } from '../../../worker-templates/lib';
import { deployer, type DeployAnswer } from '../../../worker-templates/cloudformation-deployer';
import type { DeployDeps } from '../../../worker-templates/cloudformation-deployer';

export const ACCOUNT = '200000000001';
export const REGION = 'eu-west-1';
export const STACK = 'StepEverywhere-app';
export const TEMPLATE = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });

export function context(payload: unknown, state?: unknown, extra: Partial<WorkerContext> = {}): WorkerContext {
  const credentials = { accessKeyId: 'AKIA', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date(Date.now() + 3_600_000) };
  return {
    accountId: ACCOUNT,
    accountName: 'workloads-01',
    organizationalUnitIds: [],
    region: REGION,
    payload,
    poll: state === undefined ? 0 : 1,
    state,
    executionId: 'arn:aws:states:us-east-1:111111111111:execution:StepEverywhere:run-1',
    credentials,
    clientConfig: { region: REGION, credentials },
    ...extra,
  };
}

/** Invokes the deployer once, as the state machine would with `state` from the last answer. */
export function invoke(cfn: CloudFormationClient, payload: unknown, state?: unknown, deps: Partial<DeployDeps> = {}): Promise<DeployAnswer> {
  return deployer({ cfn, now: () => new Date('2026-11-25T10:00:00Z'), ...deps })(context(payload, state));
}

export function stateOf(answer: DeployAnswer): unknown {
  if (answer.Status !== 'IN_PROGRESS') throw new Error(`expected IN_PROGRESS, got ${JSON.stringify(answer)}`);
  return answer.State;
}

export const deploy = (extra: Record<string, unknown> = {}) => ({ StackName: STACK, TemplateBody: TEMPLATE, ...extra });
