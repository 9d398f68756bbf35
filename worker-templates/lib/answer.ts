import { Outcomes, type TargetLink } from '../../orchestrator/contract';
import { ErrorNames } from '../../orchestrator/contract';

/** Wait bounds: Step Functions waits whole seconds, and an hour is longer than any session. */
export const POLL_AFTER_SECONDS = { MIN: 1, MAX: 3600 } as const;

export interface TerminalAnswer {
  readonly kind: 'terminal';
  readonly outcome: typeof Outcomes.SUCCEEDED | typeof Outcomes.NO_CHANGE | typeof Outcomes.FAILED;
  readonly result?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly link?: TargetLink;
}

export interface PollAnswer {
  readonly kind: 'poll';
  readonly pollAfterSeconds: number;
  readonly state?: unknown;
}

/** A worker answer the state machine can act on. */
export type Interpreted = TerminalAnswer | PollAnswer;

export const INVALID_ANSWER = ErrorNames.INVALID_WORKER_ANSWER;

/** Above this, an IN_PROGRESS State would crowd the state machine's 256 KiB payload. */
export const MAX_STATE_CHARS = 32 * 1024;

export function failed(error: string, cause: string, result?: unknown): TerminalAnswer {
  return { kind: 'terminal', outcome: Outcomes.FAILED, error, cause, ...(result === undefined ? {} : { result }) };
}

/** A thrown value as a failure: its name and message, whatever was thrown. */
export function failureOf(err: unknown): TerminalAnswer {
  if (err instanceof Error) return failed(err.name || 'Error', err.message || 'the worker threw an error without a message');
  return failed('Error', `the worker threw a non-Error value: ${String(err)}`);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** The length of a value's JSON, or undefined when it has none. */
export function jsonLength(value: unknown): number | undefined {
  try {
    return JSON.stringify(value)?.length;
  } catch {
    return undefined;
  }
}

export function clampPollAfter(seconds: number): number {
  return Math.min(POLL_AFTER_SECONDS.MAX, Math.max(POLL_AFTER_SECONDS.MIN, Math.ceil(seconds)));
}

/**
 * Reads what the worker's code returned. Worker code is user code, possibly plain
 * JavaScript, so a malformed answer becomes a FAILED outcome that says what was wrong
 * rather than a record the state machine cannot route.
 */
export function interpretAnswer(answer: unknown): Interpreted {
  if (typeof answer !== 'object' || answer === null) {
    return failed(INVALID_ANSWER, `the worker returned ${JSON.stringify(answer) ?? 'nothing'}; return an object with a Status`);
  }
  const fields = answer as Record<string, unknown>;
  const link = linkOf(fields.Link);
  switch (fields.Status) {
    case Outcomes.SUCCEEDED:
    case Outcomes.NO_CHANGE:
      return { kind: 'terminal', outcome: fields.Status, ...(fields.Result === undefined ? {} : { result: fields.Result }), ...(link ? { link } : {}) };
    case Outcomes.FAILED: {
      const answered = failed(
        nonEmpty(fields.Error) ? fields.Error : ErrorNames.WORKER_FAILED,
        nonEmpty(fields.Cause) ? fields.Cause : 'the worker answered FAILED without a Cause',
        fields.Result,
      );
      return link ? { ...answered, link } : answered;
    }
    case 'IN_PROGRESS': {
      const seconds = fields.PollAfterSeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
        return failed(INVALID_ANSWER, `PollAfterSeconds must be a number of seconds, got ${JSON.stringify(seconds) ?? 'nothing'}`);
      }
      const stateChars = jsonLength(fields.State ?? null);
      if (stateChars === undefined) {
        return failed(INVALID_ANSWER, 'State cannot be written as JSON (a cycle or a BigInt); hand back plain data');
      }
      if (stateChars > MAX_STATE_CHARS) {
        return failed(
          INVALID_ANSWER,
          `State is ${stateChars} characters of JSON; keep it under ${MAX_STATE_CHARS} (store bulk data in S3 and hand back its key)`,
        );
      }
      return { kind: 'poll', pollAfterSeconds: clampPollAfter(seconds), state: fields.State };
    }
    default:
      return failed(
        INVALID_ANSWER,
        `Status must be SUCCEEDED, NO_CHANGE, FAILED or IN_PROGRESS, got ${JSON.stringify(fields.Status) ?? 'nothing'}`,
      );
  }
}

/** Links travel in every record of the state machine, so only a short, well-formed one is kept. */
const MAX_LINK_CHARS = 1024;

function linkOf(value: unknown): TargetLink | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { Text: text, Url: url } = value as Record<string, unknown>;
  if (!nonEmpty(text)) return undefined;
  const link: TargetLink = { Text: text, ...(nonEmpty(url) && /^https:\/\//.test(url) ? { Url: url } : {}) };
  return (jsonLength(link) ?? Infinity) <= MAX_LINK_CHARS ? link : undefined;
}
