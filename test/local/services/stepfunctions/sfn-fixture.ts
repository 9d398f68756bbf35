import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_OPERATOR, type StaticUser } from '../../../../local/server';
import { provisionRole } from '../../../../local/services/iam/roles';
import { s3Service } from '../../../../local/services/s3/s3-service';
import { stopStepFunctions } from '../../../../local/services/stepfunctions/executions';
import { stepFunctionsService } from '../../../../local/services/stepfunctions/stepfunctions-service';
import { ACCOUNT, REGION, startLambdaCloud, type LambdaTestCloud } from '../lambda/lambda-fixture';

export { ACCOUNT, REGION };

export const STATES_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** Lets a state machine role invoke every function of the account and use S3. */
export const INVOKE_AND_S3 = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*` },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
  ],
};

export interface SfnTestCloud extends LambdaTestCloud {
  sfn(user?: StaticUser): SFNClient;
  s3(): S3Client;
  /** A role Step Functions may assume, with these inline policies. */
  statesRole(name: string, inlinePolicies?: Record<string, object>): Promise<string>;
  /** Creates a state machine acting as a role allowed to invoke functions and use S3. */
  machine(name: string, definition: object, roleArn?: string): Promise<string>;
  /** Starts an execution and polls DescribeExecution until it is no longer RUNNING. */
  run(stateMachineArn: string, input: unknown, name?: string): Promise<DescribeExecutionCommandOutput>;
  /** Polls DescribeExecution until the execution is no longer RUNNING. */
  settle(executionArn: string): Promise<DescribeExecutionCommandOutput>;
}

export async function startSfnCloud(stateDir?: string): Promise<SfnTestCloud> {
  const base = await startLambdaCloud({}, (endpoint) => [stepFunctionsService({ endpoint }), s3Service], stateDir);
  const sfn = (user: StaticUser = DEFAULT_OPERATOR) => new SFNClient({ endpoint: base.local.endpoint, region: REGION, credentials: user, maxAttempts: 1 });
  const statesRole = async (name: string, inlinePolicies: Record<string, object> = { invoke: INVOKE_AND_S3 }) =>
    (await provisionRole(base.local.store, ACCOUNT, { roleName: name, assumeRolePolicyDocument: STATES_TRUST, inlinePolicies: inlinePolicies as Record<string, Record<string, unknown>> })).arn;
  const settle = async (executionArn: string) => {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const described = await sfn().send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`execution ${executionArn} still RUNNING after 5 seconds`);
  };
  const closeBase = base.close;
  return Object.assign(base, {
    sfn,
    s3: () => new S3Client({ endpoint: base.local.endpoint, region: REGION, credentials: DEFAULT_OPERATOR, forcePathStyle: true, maxAttempts: 1 }),
    statesRole,
    machine: async (name: string, definition: object, roleArn?: string) => {
      const role = roleArn ?? (await statesRole(`${name}-states`));
      const created = await sfn().send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: role }));
      return created.stateMachineArn as string;
    },
    run: async (stateMachineArn: string, input: unknown, name?: string) => {
      const started = await sfn().send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), ...(name === undefined ? {} : { name }) }));
      return settle(started.executionArn as string);
    },
    settle,
    close: async (keepState = false) => {
      await stopStepFunctions(base.local.cloud);
      await closeBase(keepState);
    },
  });
}
