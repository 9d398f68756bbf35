import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { s3FromEnvironment, snsFromEnvironment } from '../summary/clients';
import { summarise } from '../summary/summarise';
import type { SummariseResult } from '../summary/types';

export interface SummariseHandlerDeps {
  readonly s3: S3Client;
  readonly sns: SNSClient;
  /** @default the system clock */
  readonly now?: () => Date;
}

/** Summarise task: `{Plan, Progress, StartedAt?}` → summary.json, one SNS message, the verdict. */
export function makeSummariseHandler(deps: SummariseHandlerDeps): (event: unknown) => Promise<SummariseResult> {
  return async (event) => {
    const result = await summarise({ s3: deps.s3, sns: deps.sns, now: deps.now ?? (() => new Date()) }, event);
    return {
      ToleranceExceeded: result.ToleranceExceeded,
      Message: result.Message,
      SummaryKey: result.SummaryKey,
      Counts: result.Counts,
    };
  };
}

let clients: { s3: S3Client; sns: SNSClient } | undefined;

export const handler = (event: unknown): Promise<SummariseResult> => {
  clients ??= { s3: s3FromEnvironment(), sns: snsFromEnvironment() };
  return makeSummariseHandler(clients)(event);
};
