import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { AccountItem, Outcome } from '../orchestrator/contract';
import { runKeys } from '../orchestrator/contract';
import { readSkipped, readWaveManifest, readWaveOutcomes } from '../orchestrator/summary/run-files';
import { classifyKeys, countProgress, type ProgressCounts, type RunListing } from './run-files';

/** Every key under the prefix; ListObjectsV2 answers at most 1,000 keys a page. */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/**
 * Counts an execution's progress from its results prefix: one listing per sample, and each
 * run file read once, when it first appears. Cheap enough to sample every few seconds.
 */
export class ProgressProbe {
  private readonly manifests = new Map<number, readonly AccountItem[]>();
  private readonly outcomes = new Map<number, ReadonlyArray<{ readonly Outcome: Outcome }>>();
  private skippedCount: number | undefined;
  private lastListing: RunListing | undefined;

  public constructor(
    private readonly s3: S3Client,
    public readonly bucket: string,
    public readonly prefix: string,
  ) {}

  public get listing(): RunListing | undefined {
    return this.lastListing;
  }

  public async sample(): Promise<ProgressCounts> {
    const listing = classifyKeys(this.prefix, await listKeys(this.s3, this.bucket, this.prefix));
    this.lastListing = listing;
    for (const wave of listing.manifests) {
      if (!this.manifests.has(wave)) {
        this.manifests.set(wave, await readWaveManifest(this.s3, this.bucket, runKeys.manifest(this.prefix, wave)));
      }
    }
    for (const wave of listing.tallied) {
      if (!this.outcomes.has(wave)) {
        const outcomes = await readWaveOutcomes(this.s3, this.bucket, runKeys.waveOutcomes(this.prefix, wave));
        if (outcomes) this.outcomes.set(wave, outcomes);
      }
    }
    if (listing.hasSkipped && this.skippedCount === undefined) {
      this.skippedCount = (await readSkipped(this.s3, this.bucket, runKeys.skipped(this.prefix)))?.length;
    }
    return countProgress(listing, { manifests: this.manifests, outcomes: this.outcomes, skippedCount: this.skippedCount });
  }
}
