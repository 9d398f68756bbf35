import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { createFunction, functionsOf } from '../../local/services/lambda/functions';
import { provisionRole } from '../../local/services/iam/roles';
import { BASELINE_CREDENTIALS, BASELINE_ENUMERATE } from '../baseline-enumerate';
import { BASELINE_DEFINITION_FILE } from './synthesize-app';
import { BENCH_REGION, type BenchCloud } from './setup';

const NAME_OF = (arn: string) => arn.split(':').pop() as string;
const lambdaTrust = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/**
 * The original step-everywhere shape deployed on the same cloud as ours: its enumeration function
 * (bundled like any function), a credentials function made from the synthesized credentials
 * handler (same code, same role, same key), the deployed worker, and the baseline state machine
 * with a role that may invoke exactly those. Returns the state machine's ARN.
 */
export async function deployBaseline(bench: BenchCloud, workDir: string): Promise<string> {
  const { cloud } = bench;
  const hub = bench.org.managementAccountId;
  const enumerateDir = path.join(workDir, 'baseline-enumerate');
  buildSync({
    entryPoints: [path.join(__dirname, 'functions', 'baseline-enumerate.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: path.join(enumerateDir, 'index.js'),
    logLevel: 'silent',
  });
  const enumerateRole = await provisionRole(cloud.store, hub, {
    roleName: 'BaselineEnumerate',
    assumeRolePolicyDocument: lambdaTrust('lambda.amazonaws.com'),
    inlinePolicies: { List: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' }] } },
  });
  await createFunction(cloud.cloud, {
    accountId: hub,
    region: BENCH_REGION,
    name: NAME_OF(BASELINE_ENUMERATE),
    roleArn: enumerateRole.arn,
    handler: 'index.handler',
    runtime: 'nodejs20.x',
    codeDirectory: enumerateDir,
    environment: { HOST_ACCOUNT_ID: hub },
    timeoutSeconds: 900,
    memorySize: 1024,
  });

  const credentials = (await functionsOf(cloud.cloud).entries()).map(([, f]) => f).find((f) => f.roleArn === bench.credentialsRoleArn);
  if (!credentials) throw new Error(`no deployed function runs as ${bench.credentialsRoleArn}: deploy the orchestrator stack first`);
  await createFunction(cloud.cloud, {
    accountId: hub,
    region: BENCH_REGION,
    name: NAME_OF(BASELINE_CREDENTIALS),
    roleArn: credentials.roleArn,
    handler: credentials.handler,
    runtime: credentials.runtime,
    codeDirectory: credentials.codeDirectory,
    environment: credentials.environment,
    timeoutSeconds: credentials.timeoutSeconds,
    memorySize: credentials.memorySize,
  });

  const functionArn = (name: string) => `arn:aws:lambda:${BENCH_REGION}:${hub}:function:${name}`;
  const machineRole = await provisionRole(cloud.store, hub, {
    roleName: 'BaselineStateMachine',
    assumeRolePolicyDocument: lambdaTrust('states.amazonaws.com'),
    inlinePolicies: {
      Invoke: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: [BASELINE_ENUMERATE, BASELINE_CREDENTIALS, functionArn('StepEverywhere_*')].flatMap((arn) => [arn, `${arn}:*`]),
          },
        ],
      },
    },
  });
  const created = await new SFNClient({}).send(
    new CreateStateMachineCommand({ name: 'StepEverywhereBaseline', definition: fs.readFileSync(path.join(bench.assemblyDir, BASELINE_DEFINITION_FILE), 'utf8'), roleArn: machineRole.arn }),
  );
  if (!created.stateMachineArn) throw new Error('CreateStateMachine answered no stateMachineArn');
  return created.stateMachineArn;
}
