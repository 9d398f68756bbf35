import { DescribeExecutionCommand, type DescribeExecutionCommandOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { executionPrefix } from '../orchestrator/contract';
import { CliError } from './errors';
import { splitWorker } from './worker-name';

// arn:partition:states:region:account:execution:stateMachine:name
const EXECUTION_ARN = /^arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/;
const STATE_MACHINE_ARN = /^(arn:[a-z-]+:states:[a-z0-9-]+:\d{12}):stateMachine:([^:]+)$/;

export function isExecutionArn(ref: string): boolean {
  return EXECUTION_ARN.test(ref);
}

/** An execution's ARN from its ARN or its name (names are unique per state machine). */
export function executionArnFor(ref: string, stateMachineArn: string): string {
  if (isExecutionArn(ref)) return ref;
  if (ref.startsWith('arn:')) {
    throw new CliError(`${ref} is not an execution ARN — give arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME or the execution name`);
  }
  const machine = STATE_MACHINE_ARN.exec(stateMachineArn);
  if (!machine) {
    throw new CliError(`${stateMachineArn} is not a state machine ARN — give arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`);
  }
  return `${machine[1]}:execution:${machine[2]}:${ref}`;
}

export function executionNameOf(executionArn: string): string {
  return executionArn.split(':').pop() ?? executionArn;
}

export function stateMachineArnOf(executionArn: string): string {
  const parts = executionArn.split(':');
  return [...parts.slice(0, 5), 'stateMachine', parts[6]].join(':');
}

/** The execution's results prefix, from the worker its input names and its own name. */
export function resultsPrefixOf(execution: { readonly input?: string; readonly executionArn?: string; readonly name?: string }): string | undefined {
  let input: unknown;
  try {
    input = JSON.parse(execution.input ?? '');
  } catch {
    return undefined;
  }
  const fn = (input as { Function?: unknown } | null)?.Function;
  const worker = typeof fn === 'string' ? splitWorker(fn) : undefined;
  const name = execution.name ?? (execution.executionArn ? executionNameOf(execution.executionArn) : undefined);
  return worker && name ? executionPrefix(worker.functionName, worker.qualifier, name) : undefined;
}

/** DescribeExecution, with an unknown execution turned into a one-line answer and its fix. */
export async function describeExecution(sfn: SFNClient, executionArn: string, ref: string): Promise<DescribeExecutionCommandOutput> {
  try {
    return await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'ExecutionDoesNotExist' || name === 'InvalidArn') {
      throw new CliError(
        `no execution ${ref} (${executionArn}) — list executions with: aws stepfunctions list-executions --state-machine-arn ${stateMachineArnOf(executionArn)}`,
        2,
        { cause: error },
      );
    }
    throw error;
  }
}
