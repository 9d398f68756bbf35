import { runKeys } from '../../orchestrator/contract';
import type { CliDeps } from '../deps';
import { CliError, ExitCodes, type ExitCode } from '../errors';
import { describeExecution, executionArnFor, isExecutionArn, resultsPrefixOf } from '../execution-ref';
import { renderHtmlReport } from '../html-report';
import { OrchestratorLocator } from '../orchestrator-location';
import { ProgressProbe } from '../progress-probe';
import { progressLine } from '../progress-math';
import { buildReport, type ExecutionReport } from '../report';
import { readSummary } from '../summary-source';
import { renderLocations, renderSummaryText } from '../summary-table';
import { exitCodeOf } from './run';

export interface ShowOptions {
  readonly json?: boolean;
  readonly html?: string;
  /** List every target, not only those that did not succeed. */
  readonly all?: boolean;
  readonly stateMachine?: string;
  readonly bucket?: string;
}

export type ShowKind = 'status' | 'results';

/** Gathers everything known about one execution into the report shape. */
export async function loadReport(kind: ShowKind, ref: string, options: ShowOptions, deps: CliDeps): Promise<ExecutionReport> {
  const { sfn, s3, cfn } = deps.clients();
  const locator = new OrchestratorLocator(cfn, options, deps.env);
  const executionArn = isExecutionArn(ref) ? ref : executionArnFor(ref, await locator.stateMachineArn());
  const execution = await describeExecution(sfn, executionArn, ref);
  // `results` cannot answer without the bucket; `status` can still give the execution's state.
  const bucket = kind === 'results' ? await locator.requireBucket() : await locator.bucket();
  const prefix = resultsPrefixOf(execution);
  if (!bucket || !prefix) return buildReport({ execution, bucket, prefix });
  const summaryKey = runKeys.summary(prefix);
  const summary = await readSummary(s3, bucket, summaryKey);
  // Counting is a courtesy: a denied listing must not hide the execution's state.
  const progress = execution.status === 'RUNNING' ? await new ProgressProbe(s3, bucket, prefix).sample().catch(() => undefined) : undefined;
  return buildReport({ execution, summary, progress, bucket, prefix, summaryKey: summary ? summaryKey : undefined });
}

function elapsedSeconds(report: ExecutionReport, now: Date): number {
  const started = report.execution.startedAt ? Date.parse(report.execution.startedAt) : now.getTime();
  const stopped = report.execution.stoppedAt ? Date.parse(report.execution.stoppedAt) : now.getTime();
  return (stopped - started) / 1000;
}

/**
 * `status` and `results`: the execution's summary as a table, JSON (`--json`) or an HTML
 * page (`--html`). Exit 0 when it succeeded or still runs, 1 when it failed.
 */
export async function showCommand(kind: ShowKind, ref: string, options: ShowOptions, deps: CliDeps): Promise<ExitCode> {
  const report = await loadReport(kind, ref, options, deps);
  if (kind === 'results' && !report.summary) {
    const why = report.execution.status === 'RUNNING' ? 'the execution is still running — follow it with step-everywhere status' : 'no summary.json was written — see the execution\'s error with step-everywhere status';
    throw new CliError(`no results for ${report.execution.name} yet: ${why} ${report.execution.name}`, ExitCodes.FAILED);
  }
  if (options.html !== undefined) {
    deps.writeFile(options.html, renderHtmlReport(report));
    // On stderr when stdout carries JSON, so the JSON stays parseable.
    (options.json ? deps.stderr : deps.stdout).write(`report written to ${options.html}\n`);
  }
  if (options.json) {
    deps.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    deps.stdout.write(renderSummaryText(report, { allTargets: options.all }));
    if (report.progress) {
      const p = report.progress;
      deps.stdout.write(
        `${progressLine({ status: report.execution.status, counted: true, total: p.total, done: p.done, failed: p.failed, elapsedSeconds: elapsedSeconds(report, deps.now()) })}\n`,
      );
    }
    deps.stdout.write(renderLocations(report));
  }
  if (report.execution.status === 'RUNNING') return ExitCodes.OK;
  return exitCodeOf({ status: report.execution.status, error: report.execution.error });
}
