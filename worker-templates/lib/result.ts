import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { IN_PROGRESS, type TargetRecord, type WorkerEvent } from '../../orchestrator/contract';
import { failed, jsonLength, INVALID_ANSWER, type PollAnswer, type TerminalAnswer } from './answer';
import type { ResultDocument } from './types';
import { ErrorNames } from '../../orchestrator/contract';

/**
 * The record travels through the state machine and the Distributed Map's results, one
 * per region, so its Cause is kept short; the full Cause is in the result object.
 */
export const MAX_RECORD_CAUSE = 1024;

function shorten(cause: string): string {
  if (cause.length <= MAX_RECORD_CAUSE) return cause;
  const note = '… (full cause in the result object)';
  return cause.slice(0, MAX_RECORD_CAUSE - note.length) + note;
}

/** The result object; a Result that has no JSON form turns the outcome into a FAILED one. */
export function resultDocument(event: WorkerEvent, terminal: TerminalAnswer, finishedAt: Date): ResultDocument {
  const outcome =
    terminal.result !== undefined && jsonLength(terminal.result) === undefined
      ? failed(INVALID_ANSWER, 'Result cannot be written as JSON (a cycle or a BigInt); return plain data')
      : terminal;
  return {
    AccountId: event.AccountId,
    Region: event.Region,
    Outcome: outcome.outcome,
    ...(outcome.result === undefined ? {} : { Result: outcome.result }),
    ...(outcome.error === undefined ? {} : { Error: outcome.error }),
    ...(outcome.cause === undefined ? {} : { Cause: outcome.cause }),
    ...(outcome.link === undefined ? {} : { Link: outcome.link }),
    ExecutionId: event.ExecutionId,
    FinishedAt: finishedAt.toISOString(),
  };
}

export function terminalRecord(event: WorkerEvent, document: ResultDocument): TargetRecord {
  return {
    AccountId: event.AccountId,
    Region: event.Region,
    Outcome: document.Outcome,
    ...(document.Error === undefined ? {} : { Error: document.Error }),
    ...(document.Cause === undefined ? {} : { Cause: shorten(document.Cause) }),
    ResultKey: event.ResultLocation.Key,
    ...(document.Link === undefined ? {} : { Link: document.Link }),
    Poll: event.Polling.Poll,
  };
}

/** Call me again: the state machine waits, then hands this record back as the next event's Polling. */
export function inProgressRecord(event: WorkerEvent, poll: PollAnswer): TargetRecord {
  return {
    AccountId: event.AccountId,
    Region: event.Region,
    Outcome: IN_PROGRESS,
    PollAfterSeconds: poll.pollAfterSeconds,
    ...(poll.state === undefined ? {} : { State: poll.state }),
    Poll: event.Polling.Poll + 1,
  };
}

/** The result object could not be stored; one name, so the state machine can retry on it. */
export class ResultWriteError extends Error {
  public override readonly name = ErrorNames.RESULT_WRITE_FAILED;
}

/**
 * Writes the result object. A failure is thrown, not recorded: a target without its
 * result object would be lost to the summary. The invocation is retried as a whole,
 * which is why a worker's work must be safe to run twice.
 */
export async function writeResult(s3: S3Client, location: WorkerEvent['ResultLocation'], document: ResultDocument): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: location.Bucket,
        Key: location.Key,
        Body: JSON.stringify(document),
        ContentType: 'application/json',
      }),
    );
  } catch (err) {
    const { name, message } = err instanceof Error ? err : { name: 'Error', message: String(err) };
    throw new ResultWriteError(`writing s3://${location.Bucket}/${location.Key} failed with ${name}: ${message}`, { cause: err });
  }
}
