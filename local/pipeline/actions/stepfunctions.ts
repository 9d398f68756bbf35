import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ActionFailure, clientConfig, configured, sleep, type ActionContext, type ActionOutcome } from './action';

/**
 * Invoke/StepFunctions: starts an execution named after the action execution (as
 * `<ExecutionNamePrefix>-<action execution id>` when a prefix is given), with the Literal Input or the input artifact's file (FilePath), waits for
 * it, and fails the action unless it SUCCEEDED. Output variables: StateMachineArn, ExecutionArn.
 */
export async function runStepFunctionsInvoke(context: ActionContext, pollMs = 200): Promise<ActionOutcome> {
  const stateMachineArn = configured(context, 'StateMachineArn');
  const inputType = context.action.configuration.InputType ?? 'Literal';
  let input = context.action.configuration.Input ?? '{}';
  if (inputType === 'FilePath') {
    const [artifact] = [...context.inputs.values()];
    if (artifact === undefined) throw new ActionFailure('ConfigurationError', `Action ${context.action.name}: InputType FilePath needs an input artifact holding the file named by Input.`);
    input = await fs.readFile(path.join(artifact, input), 'utf8').catch(() => {
      throw new ActionFailure('ConfigurationError', `Action ${context.action.name}: the input artifact has no file ${input} (Configuration.Input).`);
    });
  } else if (inputType !== 'Literal') {
    throw new ActionFailure('ConfigurationError', `Action ${context.action.name}: Configuration.InputType ${inputType} must be Literal or FilePath.`);
  }
  const prefix = context.action.configuration.ExecutionNamePrefix;
  const name = (prefix ? `${prefix}-${context.actionExecutionId}` : context.actionExecutionId).slice(0, 80);
  const sfn = new SFNClient(clientConfig(context));
  let executionArn: string;
  try {
    executionArn = (await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }))).executionArn as string;
  } catch (error) {
    const code = (error as { name?: string }).name === 'AccessDeniedException' ? 'PermissionError' : 'JobFailed';
    throw new ActionFailure(code, `StartExecution of ${stateMachineArn} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  context.log(`state machine execution ${executionArn} started`);
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING' && execution.status !== 'PENDING_REDRIVE') {
      if (execution.status === 'SUCCEEDED') return { summary: `Execution ${name} succeeded`, externalExecutionId: executionArn, outputVariables: { StateMachineArn: stateMachineArn, ExecutionArn: executionArn } };
      throw new ActionFailure('JobFailed', `Execution ${executionArn} ended ${execution.status}${execution.error ? `: ${execution.error}` : ''}${execution.cause ? ` (${execution.cause})` : ''}`, executionArn);
    }
    if (context.signal.aborted) throw new ActionFailure('JobFailed', `The pipeline execution was stopped while ${executionArn} ran.`, executionArn);
    await sleep(pollMs, context.signal);
  }
}
