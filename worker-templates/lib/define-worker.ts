import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { WorkerEvent } from '../../orchestrator/contract';
import { failed, failureOf, interpretAnswer, type Interpreted } from './answer';
import { decryptCredentials } from './decrypt-credentials';
import { inProgressRecord, resultDocument, terminalRecord, writeResult } from './result';
import type { MemberRequestHandler, WorkerContext, WorkerCredentials, WorkerDeps, WorkerHandler, WorkFunction } from './types';
import { validateWorkerEvent } from './validate-event';
import { ErrorNames } from '../../orchestrator/contract';
import { s3ClientConfig } from '../../orchestrator/sdk/s3-client-config';

export const CREDENTIALS_EXPIRED = ErrorNames.CREDENTIALS_EXPIRED;

/**
 * One connection pool for every member client a sandbox makes. Workers make a client per
 * target (each target has its own session), and a client made with no handler opens its own
 * connections, so every target would pay a new connection (a TLS handshake on AWS) per
 * service it calls; with one pool the regional endpoints' connections are reused.
 */
const memberConnections: MemberRequestHandler = {
  httpAgent: new HttpAgent({ keepAlive: true }),
  httpsAgent: new HttpsAgent({ keepAlive: true }),
};

function contextFor<TPayload>(event: WorkerEvent, credentials: WorkerCredentials): WorkerContext<TPayload> {
  return {
    accountId: event.AccountId,
    accountName: event.AccountName,
    organizationalUnitIds: event.OrganizationalUnitIds ?? [],
    region: event.Region,
    payload: event.Payload as TPayload,
    poll: event.Polling.Poll,
    state: event.Polling.State,
    executionId: event.ExecutionId,
    credentials,
    clientConfig: { region: event.Region, credentials, requestHandler: memberConnections },
  };
}

/**
 * Turns a worker function into the Lambda handler the state machine invokes: it checks
 * the event, decrypts the member session, runs `work` once, and writes the result object
 * to the event's ResultLocation before answering the TargetRecord.
 *
 * Workers must be idempotent: when writing the result fails, or Lambda itself errs, the
 * invocation runs again with the same event, so `work` may see the same target twice.
 */
export function defineWorker<TPayload = unknown, TResult = unknown>(
  work: WorkFunction<TPayload, TResult>,
  deps: WorkerDeps = {},
): WorkerHandler {
  // Made on the first call, not at import, so the environment is read once it is set.
  let kms: KMSClient | undefined;
  let s3: S3Client | undefined;

  const run = async (event: WorkerEvent, credentials: WorkerCredentials): Promise<Interpreted> => {
    if (credentials.expiration.getTime() <= Date.now()) {
      return failed(
        CREDENTIALS_EXPIRED,
        `the member session expired at ${credentials.expiration.toISOString()}, before poll ${event.Polling.Poll}; ` +
          'finish within the session (sessionDuration, at most one hour) or answer IN_PROGRESS less often',
      );
    }
    try {
      return interpretAnswer(await work(contextFor<TPayload>(event, credentials)));
    } catch (err) {
      return failureOf(err);
    }
  };

  return async (untrusted) => {
    const event = validateWorkerEvent(untrusted);
    kms ??= deps.kms ?? new KMSClient({});
    s3 ??= deps.s3 ?? new S3Client(s3ClientConfig());

    const session = await decryptCredentials(kms, event.Credentials);
    const outcome = session.ok ? await run(event, session.credentials) : failed(session.error, session.cause);
    if (outcome.kind === 'poll') return inProgressRecord(event, outcome);

    const document = resultDocument(event, outcome, new Date());
    if (document.Outcome === 'FAILED') {
      console.error(JSON.stringify({ AccountId: event.AccountId, Region: event.Region, Error: document.Error, Cause: document.Cause }));
    }
    await writeResult(s3, event.ResultLocation, document);
    return terminalRecord(event, document);
  };
}
