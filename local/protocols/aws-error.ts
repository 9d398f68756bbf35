/**
 * An error the local cloud answers with: AWS's error code, HTTP status and message, so
 * the SDK clients parse it (and retry it) exactly as they would a real service's.
 */
export class AwsError extends Error {
  public override readonly name = 'AwsError';
  public constructor(
    /** AWS's error code, e.g. `AccessDenied`, `ThrottlingException`, `NoSuchKey`. */
    public readonly code: string,
    message: string,
    /** HTTP status AWS uses for this code. */
    public readonly status: number = 400,
    /** Sender or Receiver, for query-protocol error envelopes. */
    public readonly fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}
