/** Longest cause kept per target: a stack-sized cause times 17,000 targets would bloat every file. */
export const MAX_CAUSE_LENGTH = 2_000;

/**
 * The readable part of a failure cause. A Lambda function error reaches the state machine
 * as the JSON `{"errorMessage", "errorType", "trace"}`; its trace differs between targets
 * that failed for the same reason, so only the message is kept for display and grouping.
 */
export function displayCause(cause: string | undefined): string | undefined {
  if (cause === undefined) {
    return undefined;
  }
  const message = lambdaErrorMessage(cause) ?? cause;
  return capText(message.trim(), MAX_CAUSE_LENGTH);
}

function lambdaErrorMessage(cause: string): string | undefined {
  if (!cause.trimStart().startsWith('{')) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(cause);
  } catch {
    return undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
    const message = (parsed as { errorMessage: unknown }).errorMessage;
    if (typeof message === 'string') {
      return message;
    }
  }
  return undefined;
}

/** Cuts `text` to `max` characters, saying how much was left out. */
export function capText(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const note = ` … (cut from ${text.length} characters)`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}
