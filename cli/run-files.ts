import { isFailure, type AccountItem, type Outcome } from '../orchestrator/contract';

/** What the keys under an execution's prefix say about its progress, before any object is read. */
export interface RunListing {
  /** Wave indexes whose manifest exists. */
  readonly manifests: number[];
  /** Wave indexes whose outcomes were tallied. */
  readonly tallied: number[];
  readonly hasSkipped: boolean;
  readonly hasSummary: boolean;
  /** `accountId/region` of every target that has a result object. */
  readonly results: string[];
}

const WAVE_FILE = /^_run\/waves\/(\d+)\/(manifest|outcomes)\.json$/;
const RESULT = /^(\d{12})\/([a-z0-9-]+)\.json$/;

/** Sorts the keys of one execution's prefix by what they are; other keys are ignored. */
export function classifyKeys(prefix: string, keys: readonly string[]): RunListing {
  const manifests: number[] = [];
  const tallied: number[] = [];
  const results: string[] = [];
  let hasSkipped = false;
  let hasSummary = false;
  for (const key of keys) {
    if (!key.startsWith(`${prefix}/`)) continue;
    const rest = key.slice(prefix.length + 1);
    const wave = WAVE_FILE.exec(rest);
    const result = RESULT.exec(rest);
    if (wave) (wave[2] === 'manifest' ? manifests : tallied).push(Number(wave[1]));
    else if (result) results.push(`${result[1]}/${result[2]}`);
    else if (rest === '_run/skipped.json') hasSkipped = true;
    else if (rest === 'summary.json') hasSummary = true;
  }
  const byNumber = (a: number, b: number) => a - b;
  return { manifests: manifests.sort(byNumber), tallied: tallied.sort(byNumber), hasSkipped, hasSummary, results };
}

/** The run files read so far (each is read once: they do not change once written). */
export interface RunFileContents {
  readonly manifests: ReadonlyMap<number, readonly AccountItem[]>;
  readonly outcomes: ReadonlyMap<number, ReadonlyArray<{ readonly Outcome: Outcome }>>;
  readonly skippedCount?: number;
}

export interface ProgressCounts {
  /** Targets planned, skipped ones included; undefined until the plan's files are all there. */
  readonly total?: number;
  /** Targets with a final answer: skipped, tallied, or with a result object. */
  readonly done: number;
  /** Failed targets of the tallied waves; undefined while no wave is tallied. */
  readonly failed?: number;
  readonly waves: number;
  readonly talliedWaves: number;
}

/**
 * The plan writes every manifest and the skipped list before the first wave starts, so
 * once the skipped list exists and the manifests run 0..n-1 without a gap, the total is final.
 */
function planComplete(listing: RunListing, files: RunFileContents): boolean {
  if (!listing.hasSkipped || files.skippedCount === undefined) return false;
  return listing.manifests.every((wave, i) => wave === i && files.manifests.has(wave));
}

export function countProgress(listing: RunListing, files: RunFileContents): ProgressCounts {
  const targetsOf = (wave: number) => (files.manifests.get(wave) ?? []).reduce((sum, a) => sum + a.Regions.length, 0);
  const complete = planComplete(listing, files);
  const skipped = files.skippedCount ?? 0;
  const tallied = new Set(listing.tallied.filter((wave) => files.outcomes.has(wave)));

  let done = skipped;
  let failed = 0;
  for (const wave of tallied) {
    const outcomes = files.outcomes.get(wave) ?? [];
    done += outcomes.length;
    failed += outcomes.filter((o) => isFailure(o.Outcome)).length;
  }
  // A result object counts only for a wave not yet tallied: its tally already counts it.
  const untallied = new Set<string>();
  for (const [wave, accounts] of files.manifests) {
    if (tallied.has(wave)) continue;
    for (const account of accounts) for (const region of account.Regions) untallied.add(`${account.AccountId}/${region}`);
  }
  done += listing.results.filter((target) => untallied.has(target)).length;

  const total = complete ? skipped + listing.manifests.reduce((sum, wave) => sum + targetsOf(wave), 0) : undefined;
  return {
    ...(total !== undefined ? { total } : {}),
    done: total !== undefined ? Math.min(done, total) : done,
    ...(tallied.size > 0 ? { failed } : {}),
    waves: listing.manifests.length,
    talliedWaves: tallied.size,
  };
}
