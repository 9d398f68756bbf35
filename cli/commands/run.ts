import { createHash } from 'crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ErrorNames, runKeys, templateObjectKey, type ExecutionInput } from '../../orchestrator/contract';
import { executionConsoleUrl } from '../../orchestrator/summary/links';
import type { CliDeps } from '../deps';
import { fitsInline, prepareRun, type DeploymentOptions, type PreparedRun } from '../deployment-source';
import { toExecutionInput } from '../execution-input';
import { CliError, ExitCodes, type ExitCode } from '../errors';
import { resultsPrefixOf } from '../execution-ref';
import { followExecution } from '../follow-execution';
import { notificationText } from '../notification';
import { OrchestratorLocator } from '../orchestrator-location';
import { plainProgress, ttyProgress } from '../output';
import { ProgressProbe } from '../progress-probe';
import { buildReport } from '../report';
import { readSummary } from '../summary-source';
import { renderLocations, renderSummaryText } from '../summary-table';

export interface RunOptions extends DeploymentOptions {
  readonly stateMachine?: string;
  readonly bucket?: string;
  /** False with `--no-wait`: start and return. */
  readonly wait?: boolean;
  /** Seconds between progress samples. */
  readonly interval?: string;
  /** Seconds between plain progress lines when the output is not a terminal. */
  readonly logEvery?: string;
  /** List every target at the end, not only those that did not succeed. */
  readonly all?: boolean;
}

function seconds(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new CliError(`${flag} ${JSON.stringify(text)} is not a number of seconds — give e.g. ${fallback}`);
  return value;
}

/** 0 success, 1 the execution failed, 2 it refused its input (nothing ran). */
export function exitCodeOf(execution: { readonly status?: string; readonly error?: string }): ExitCode {
  if (execution.status === 'SUCCEEDED') return ExitCodes.OK;
  if (execution.error === ErrorNames.INVALID_INPUT) return ExitCodes.BAD_INPUT;
  return ExitCodes.FAILED;
}

async function start(deps: CliDeps, stateMachineArn: string, name: string, input: unknown): Promise<string> {
  try {
    const answer = await deps.clients().sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    return answer.executionArn ?? '';
  } catch (error) {
    const e = error as { name?: string; message?: string };
    const fixes: Record<string, string> = {
      ExecutionAlreadyExists: `an execution named ${name} already exists — choose another --name, or leave --name out for a timestamped one`,
      StateMachineDoesNotExist: `state machine ${stateMachineArn} does not exist — deploy the orchestrator or correct --state-machine`,
      InvalidArn: `${stateMachineArn} is not a state machine ARN — give arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`,
      InvalidName: `${name} is not a valid execution name — use letters, digits, - and _ (at most 80)`,
      InvalidExecutionInput: `the state machine refused the input (${e.message}) — check the deployment's fields`,
    };
    const fix = e.name ? fixes[e.name] : undefined;
    if (fix) throw new CliError(fix, ExitCodes.BAD_INPUT, { cause: error });
    throw error;
  }
}

/** A template too big for TemplateBody goes to the results bucket, where the deployer's role may read it. */
async function withUploadedTemplate(prepared: PreparedRun, s3: S3Client, locator: OrchestratorLocator): Promise<ExecutionInput> {
  const template = prepared.template as NonNullable<PreparedRun['template']>;
  const bucket = await locator.bucket();
  const key = templateObjectKey(createHash('sha256').update(template.body).digest('hex'));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: template.body, ContentType: 'text/plain' }));
  return toExecutionInput(prepared.deployment, { s3Uri: `s3://${bucket}/${key}` });
}

/** `run`: start an execution, show its progress, then its summary and where everything went. */
export async function runCommand(options: RunOptions, deps: CliDeps): Promise<ExitCode> {
  const prepared = prepareRun(options, deps.readFile, deps.now());
  const { executionName } = prepared;
  const intervalMs = seconds(options.interval, 2, '--interval') * 1000;
  const logEveryMs = seconds(options.logEvery, 10, '--log-every') * 1000;
  const { sfn, s3, cfn } = deps.clients();
  const locator = new OrchestratorLocator(cfn, options, deps.env);
  const input = prepared.template && !fitsInline(prepared.template) ? await withUploadedTemplate(prepared, s3, locator) : prepared.input;
  const executionArn = await start(deps, await locator.stateMachineArn(), executionName, input);

  const out = deps.stdout;
  out.write(`started ${executionArn}\n`);
  const consoleUrl = executionConsoleUrl(executionArn);
  if (consoleUrl) out.write(`console ${consoleUrl}\n`);
  out.write(`follow it later with: step-everywhere status ${executionName}\n`);
  if (options.wait === false) return ExitCodes.OK;

  const bucket = await locator.bucket().catch(() => undefined);
  if (!bucket) deps.stderr.write('note: the results bucket is unknown, so progress shows the status only — pass --bucket or set STEP_EVERYWHERE_RESULTS_BUCKET\n');
  const prefix = resultsPrefixOf({ input: JSON.stringify(input), name: executionName });
  const probe = bucket && prefix ? new ProgressProbe(s3, bucket, prefix) : undefined;
  const clock = () => deps.now().getTime();
  const display = out.isTTY ? ttyProgress(out) : plainProgress(out, logEveryMs, clock);
  const execution = await followExecution(
    {
      sfn,
      probe,
      display,
      sleep: deps.sleep,
      now: clock,
      intervalMs,
      warn: (message) => deps.stderr.write(`note: ${message}\n`),
    },
    executionArn,
  );

  const summaryKey = bucket && prefix ? runKeys.summary(prefix) : undefined;
  const summary = bucket && summaryKey ? await readSummary(s3, bucket, summaryKey) : undefined;
  const report = buildReport({ execution, summary, bucket, prefix, summaryKey: summary ? summaryKey : undefined });
  out.write(`\n${renderSummaryText(report, { allTargets: options.all })}`);
  const notification = bucket && prefix ? await notificationText(s3, bucket, prefix, await locator.topicArn().catch(() => undefined)) : undefined;
  out.write(renderLocations(report, notification));

  const code = exitCodeOf(execution);
  if (code !== ExitCodes.OK) {
    deps.stderr.write(`execution ${execution.status}: ${execution.error ?? 'no error name'}${execution.cause ? ` — ${execution.cause.split('\n')[0]}` : ''}\n`);
  }
  return code;
}
