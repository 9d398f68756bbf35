import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { TargetLink, TargetRecord, WorkerEvent } from '../../orchestrator/contract';

/** The member-account session, in the shape SDK v3 clients take as `credentials`. */
export interface WorkerCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** What a worker's code is given for one (account, region). */
export interface WorkerContext<TPayload = unknown> {
  readonly accountId: string;
  readonly accountName: string;
  /** The OUs containing the account, innermost first, ending with the root; empty unless the input asked for them. */
  readonly organizationalUnitIds: readonly string[];
  readonly region: string;
  /** The execution's Payload, as given; validate it before trusting its shape. */
  readonly payload: TPayload;
  /** 0 on the first call, then how many times the worker was polled after IN_PROGRESS. */
  readonly poll: number;
  /** What the previous IN_PROGRESS answer asked to be handed back; undefined on the first call. */
  readonly state: unknown;
  readonly executionId: string;
  readonly credentials: WorkerCredentials;
  /**
   * Pass to any SDK v3 client constructor (or spread into its settings) to act in the member
   * account and region. defineWorker sets `requestHandler` to the sandbox's shared connection pool.
   */
  readonly clientConfig: { readonly region: string; readonly credentials: WorkerCredentials; readonly requestHandler?: MemberRequestHandler };
}

/** SDK v3 `requestHandler` settings: the keep-alive agents the member clients share. */
export interface MemberRequestHandler {
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
}

/** A WorkerAnswer whose Result has the worker's own type. */
export type TypedWorkerAnswer<TResult = unknown> =
  | { readonly Status: 'SUCCEEDED' | 'NO_CHANGE'; readonly Result?: TResult; readonly Link?: TargetLink }
  | { readonly Status: 'FAILED'; readonly Error: string; readonly Cause: string; readonly Result?: TResult; readonly Link?: TargetLink }
  | { readonly Status: 'IN_PROGRESS'; readonly PollAfterSeconds: number; readonly State?: unknown };

export type WorkFunction<TPayload = unknown, TResult = unknown> = (
  ctx: WorkerContext<TPayload>,
) => Promise<TypedWorkerAnswer<TResult>>;

/** Clients of the orchestrator's account (not the member's): KMS to decrypt, S3 to write results. */
export interface WorkerDeps {
  readonly kms?: KMSClient;
  readonly s3?: S3Client;
}

export type WorkerHandler = (event: WorkerEvent) => Promise<TargetRecord>;

/** The JSON written to the event's ResultLocation when a target finishes. */
export interface ResultDocument {
  readonly AccountId: string;
  readonly Region: string;
  readonly Outcome: 'SUCCEEDED' | 'NO_CHANGE' | 'FAILED';
  readonly Result?: unknown;
  readonly Error?: string;
  readonly Cause?: string;
  readonly Link?: TargetLink;
  readonly ExecutionId: string;
  readonly FinishedAt: string;
}
