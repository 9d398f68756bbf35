import {
  ChangeSetNotFoundException,
  CloudFormationClient,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  type CloudFormationClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach } from 'vitest';
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

export const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK}/1`;
/** After the fixed clock `invoke` runs on: events of the operation it started. */
export const LATER = new Date('2026-11-25T10:00:01Z');

type CfnMock = AwsStub<ServiceInputTypes, ServiceOutputTypes, CloudFormationClientResolvedConfig>;

/** DescribeStacks answers as CloudFormation does for a stack that does not exist. */
export function noStack(mock: CfnMock): void {
  mock.on(DescribeStacksCommand).rejects(Object.assign(new Error(`Stack with id ${STACK} does not exist`), { name: 'ValidationError' }));
}

export function stackIs(mock: CfnMock, status: string, extra: Record<string, unknown> = {}): void {
  mock.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK, StackId: STACK_ID, StackStatus: status as StackStatus, CreationTime: new Date(), ...extra }] });
}

/** DescribeChangeSet answers as CloudFormation does for a change set it does not have. */
export function noChangeSet(mock: CfnMock): void {
  mock.on(DescribeChangeSetCommand).rejects(new ChangeSetNotFoundException({ message: 'ChangeSet [x] does not exist', $metadata: {} }));
}

/** A mocked CloudFormation for one test file, reset after each test, with no change set until a test makes one. */
export interface MockedCloudFormation {
  readonly cfn: CloudFormationClient;
  readonly mock: CfnMock;
  /** DescribeStacks answers that the stack does not exist. */
  readonly noStack: () => void;
  /** DescribeStacks answers the stack with this status. */
  readonly stackIs: (status: string, extra?: Record<string, unknown>) => void;
}

export function mockedCloudFormation(): MockedCloudFormation {
  const cfn = new CloudFormationClient({ region: REGION });
  const mock = mockClient(cfn);
  afterEach(() => mock.reset());
  // DescribeChangeSet answers as CloudFormation does until a test makes a change set.
  beforeEach(() => noChangeSet(mock));
  return { cfn, mock, noStack: () => noStack(mock), stackIs: (status, extra = {}) => stackIs(mock, status, extra) };
}
