/** One observation of how many targets are done. */
export interface ProgressSample {
  readonly atMs: number;
  readonly done: number;
}

/** The rate is taken over the last minute: the first wave's start-up would skew a whole-run average. */
export const RATE_WINDOW_MS = 60_000;

/**
 * Targets per second over the window ending at the last sample; undefined until two
 * samples at least a second apart exist.
 */
export function rateOf(samples: readonly ProgressSample[], windowMs = RATE_WINDOW_MS): number | undefined {
  const last = samples[samples.length - 1];
  if (!last) return undefined;
  const first = samples.find((s) => last.atMs - s.atMs <= windowMs) ?? last;
  const seconds = (last.atMs - first.atMs) / 1000;
  if (seconds < 1) return undefined;
  return Math.max(0, last.done - first.done) / seconds;
}

/** Seconds left at the current rate; undefined when the total or a positive rate is unknown. */
export function etaSeconds(done: number, total: number | undefined, rate: number | undefined): number | undefined {
  if (total === undefined || rate === undefined) return undefined;
  if (done >= total) return 0;
  if (rate <= 0) return undefined;
  return Math.ceil((total - done) / rate);
}

/** `45s`, `3m05s`, `2h04m`: short enough for a progress line. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatRate(rate: number): string {
  return rate >= 10 ? rate.toFixed(0) : rate >= 1 ? rate.toFixed(1) : rate.toFixed(2);
}

export interface ProgressView {
  readonly status: string;
  readonly total?: number;
  readonly done: number;
  readonly failed?: number;
  readonly rate?: number;
  readonly etaSeconds?: number;
  readonly elapsedSeconds: number;
  /** False when the results prefix cannot be read, so only the status is known. */
  readonly counted: boolean;
}

/** `RUNNING 12/40 targets (30%) · 2 failed · 0.80/s · ETA 35s · 1m02s elapsed` */
export function progressLine(view: ProgressView): string {
  const parts = [view.status];
  if (!view.counted) {
    parts.push('targets not counted');
  } else if (view.total === undefined) {
    parts.push(view.done > 0 ? `${view.done} targets done, planning` : 'planning targets');
  } else {
    const percent = view.total === 0 ? 100 : Math.floor((view.done / view.total) * 100);
    parts.push(`${view.done}/${view.total} targets (${percent}%)`);
  }
  if (view.failed !== undefined) parts.push(`${view.failed} failed`);
  if (view.rate !== undefined) parts.push(`${formatRate(view.rate)}/s`);
  if (view.etaSeconds !== undefined && view.status === 'RUNNING') parts.push(`ETA ${formatDuration(view.etaSeconds)}`);
  parts.push(`${formatDuration(view.elapsedSeconds)} elapsed`);
  return parts.join(' · ');
}
