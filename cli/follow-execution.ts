import type { DescribeExecutionCommandOutput, SFNClient } from '@aws-sdk/client-sfn';
import { describeExecution } from './execution-ref';
import type { ProgressDisplay } from './output';
import type { ProgressProbe } from './progress-probe';
import { etaSeconds, progressLine, rateOf, type ProgressSample } from './progress-math';
import type { ProgressCounts } from './run-files';

export interface FollowDeps {
  readonly sfn: SFNClient;
  /** Absent when the results bucket is unknown: only the status is shown then. */
  readonly probe?: ProgressProbe;
  readonly display: ProgressDisplay;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly intervalMs: number;
  /** Told once when counting stops working, so the run can go on showing the status. */
  readonly warn: (message: string) => void;
}

/**
 * Shows the execution's progress until it stops, then answers its final description. A
 * failure to count (S3 denied, say) degrades to status-only instead of ending the watch:
 * the execution runs on regardless.
 */
export async function followExecution(deps: FollowDeps, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  const samples: ProgressSample[] = [];
  let probe = deps.probe;
  let counts: ProgressCounts | undefined;
  for (;;) {
    const execution = await describeExecution(deps.sfn, executionArn, executionArn);
    if (probe) {
      try {
        counts = await probe.sample();
        samples.push({ atMs: deps.now(), done: counts.done });
      } catch (error) {
        // End the progress line first, so the note does not land in the middle of it.
        deps.display.finish();
        deps.warn(`progress counts unavailable (${(error as Error).name}: ${(error as Error).message}); showing the status only`);
        probe = undefined;
        counts = undefined;
      }
    }
    const status = execution.status ?? 'UNKNOWN';
    const started = execution.startDate?.getTime() ?? deps.now();
    const ended = execution.stopDate?.getTime() ?? deps.now();
    const rate = rateOf(samples);
    deps.display.update(
      progressLine({
        status,
        counted: counts !== undefined,
        total: counts?.total,
        done: counts?.done ?? 0,
        failed: counts?.failed,
        rate,
        etaSeconds: counts ? etaSeconds(counts.done, counts.total, rate) : undefined,
        elapsedSeconds: (ended - started) / 1000,
      }),
    );
    if (status !== 'RUNNING' && status !== 'PENDING_REDRIVE') {
      deps.display.finish();
      return execution;
    }
    await deps.sleep(deps.intervalMs);
  }
}
