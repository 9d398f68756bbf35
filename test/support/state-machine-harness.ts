import type { Context } from 'aws-lambda';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { StepEverywhereProps } from '../../orchestrator';
import { resolveIntrinsics, type ResolveEnv } from './cfn-resolve';
import { HUB_ACCOUNT, HUB_REGION, synthOrchestrator } from './orchestrator-template';

export const RESULTS_BUCKET = 'step-everywhere-results';
export const STATE_MACHINE_ARN = `arn:aws:states:${HUB_REGION}:${HUB_ACCOUNT}:stateMachine:StepEverywhere`;

export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

export interface SynthesizedStateMachine {
  /** The definition exactly as synthesized, with CloudFormation references resolved. */
  readonly definition: Record<string, unknown>;
  /** Function ARN (as the definition names it) → the orchestrator handler it runs. */
  readonly handlerNames: ReadonlyMap<string, 'plan' | 'credentials' | 'tallyWave' | 'summarise'>;
  /** The environment variables of every orchestrator function, resolved, merged. */
  readonly environment: Record<string, string>;
}

/** Synthesizes the orchestrator and reads back what AWS would run. */
export function synthesizeStateMachine(props: StepEverywhereProps = {}): SynthesizedStateMachine {
  const { stack, json } = synthOrchestrator(props);
  const logicalId = (c: { node: { defaultChild?: unknown } }) => Stack.of(stack).getLogicalId(c.node.defaultChild as CfnElement);
  const refs: Record<string, string> = {};
  for (const [id, r] of Object.entries(json.Resources)) {
    if (r.Type === 'AWS::S3::Bucket') refs[id] = id.includes('AccessLogs') ? 'step-everywhere-access-logs' : RESULTS_BUCKET;
    if (r.Type === 'AWS::SNS::Topic') refs[id] = `arn:aws:sns:${HUB_REGION}:${HUB_ACCOUNT}:${id}`;
    if (r.Type === 'AWS::Lambda::Function') refs[id] = id;
  }
  const env: ResolveEnv = { accountId: HUB_ACCOUNT, region: HUB_REGION, refs, resources: json.Resources };

  const machine = Object.values(json.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')!;
  const definition = JSON.parse(resolveIntrinsics(machine.Properties!.DefinitionString, env) as string) as Record<string, unknown>;

  const handlerNames = new Map<string, 'plan' | 'credentials' | 'tallyWave' | 'summarise'>();
  const environment: Record<string, string> = {};
  for (const [name, fn] of Object.entries(stack.stepEverywhere.handlerFunctions)) {
    const id = logicalId(fn);
    handlerNames.set(`arn:aws:lambda:${HUB_REGION}:${HUB_ACCOUNT}:function:${id}`, name as 'plan');
    const variables = (json.Resources[id].Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    for (const [k, v] of Object.entries(resolveIntrinsics(variables, env) as Record<string, string>)) {
      if (environment[k] !== undefined && environment[k] !== v) {
        throw new Error(`functions disagree on ${k}: ${environment[k]} vs ${v}; the harness runs them in one process`);
      }
      environment[k] = v;
    }
  }
  return { definition, handlerNames, environment };
}

/** A Lambda context like the runtime's, enough for handlers that read the function ARN. */
export function lambdaContext(functionName: string): Context {
  const arn = functionName.startsWith('arn:') ? functionName : `arn:aws:lambda:${HUB_REGION}:${HUB_ACCOUNT}:function:${functionName}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: arn.split(':function:')[1].split(':')[0],
    functionVersion: '$LATEST',
    invokedFunctionArn: arn,
    memoryLimitInMB: '256',
    awsRequestId: `req-${Math.random().toString(36).slice(2)}`,
    logGroupName: '/aws/lambda/test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Runs a handler as the Lambda runtime would and answers as the engine's Lambda port
 * expects: the payload, or the function error with the error's name as its type.
 */
export async function invokeHandler(
  handler: LambdaHandler,
  functionName: string,
  payload: unknown,
): Promise<{ payload?: unknown; functionError?: { errorType: string; errorMessage: string } }> {
  try {
    // JSON round trip: a real invocation never shares objects with its caller.
    const result = await handler(JSON.parse(JSON.stringify(payload ?? null)) as never, lambdaContext(functionName));
    return { payload: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { functionError: { errorType: e.name || 'Error', errorMessage: e.message } };
  }
}
