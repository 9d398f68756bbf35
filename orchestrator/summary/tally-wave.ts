import type { S3Client } from '@aws-sdk/client-s3';
import type { WaveProgress } from '../contract';
import { ErrorNames, runKeys } from '../contract';
import { collectWaveOutcomes } from './collect-outcomes';
import { parseTallyWaveEvent, resultsBucket, type TallyWaveEvent } from './events';
import { readMapResults } from './map-results-reader';
import { readWaveManifest } from './run-files';
import { writeJson } from './s3-json';
import type { ChildResult, MapRunFailure } from './types';
import { nextProgress } from './wave-progress';

/**
 * Records the outcome of every target of the wave that just ran and answers the progress
 * the state machine carries to the next wave. Writing the same outcomes file and
 * answering the same progress on a retry makes it safe to run twice.
 */
export async function tallyWave(s3: S3Client, rawEvent: unknown): Promise<WaveProgress> {
  const event = parseTallyWaveEvent(rawEvent);
  const { Plan, Progress } = event;
  const bucket = resultsBucket(Plan);
  // parseTallyWaveEvent has checked that this wave is planned.
  const wave = Plan.Waves[Progress.NextWave] as (typeof Plan.Waves)[number];
  const planned = await readWaveManifest(s3, bucket, wave.ManifestKey);

  const { failure, children } = await childResults(s3, event);
  const outcomes = collectWaveOutcomes(planned, children, failure);

  await writeJson(s3, bucket, runKeys.waveOutcomes(Plan.Context.Prefix, wave.Index), outcomes);
  return nextProgress(Plan.Waves, Plan.Tolerance, Progress, outcomes);
}

async function childResults(
  s3: S3Client,
  event: TallyWaveEvent,
): Promise<{ failure?: MapRunFailure; children: ChildResult[] }> {
  const mapRun = event.MapRun ?? undefined;
  const error = event.MapRunError ?? (mapRun !== undefined && 'Error' in mapRun ? mapRun : undefined);
  if (error !== undefined) {
    return { failure: { Error: error.Error, Cause: error.Cause ?? undefined }, children: [] };
  }
  if (mapRun === undefined || !('ResultWriterDetails' in mapRun)) {
    return {
      failure: { Error: ErrorNames.NO_MAP_RUN, Cause: 'the tally was given no Distributed Map output for this wave' },
      children: [],
    };
  }
  return { children: await readMapResults(s3, mapRun) };
}
