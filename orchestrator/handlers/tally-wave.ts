import type { S3Client } from '@aws-sdk/client-s3';
import type { WaveProgress } from '../contract';
import { s3FromEnvironment } from '../summary/clients';
import { tallyWave } from '../summary/tally-wave';

export interface TallyWaveDeps {
  readonly s3: S3Client;
}

/** TallyWave task: `{Plan, Progress, MapRun?, MapRunError?}` → the next WaveProgress. */
export function makeTallyWaveHandler(deps: TallyWaveDeps): (event: unknown) => Promise<WaveProgress> {
  return (event) => tallyWave(deps.s3, event);
}

let s3: S3Client | undefined;

export const handler = (event: unknown): Promise<WaveProgress> =>
  makeTallyWaveHandler({ s3: (s3 ??= s3FromEnvironment()) })(event);
