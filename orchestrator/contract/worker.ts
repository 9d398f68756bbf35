import type { Outcome } from './outcomes';

/**
 * What the state machine sends each worker invocation. The credentials are a KMS
 * ciphertext that only the worker's own role may decrypt, and only with this context.
 */
export interface WorkerEvent {
  readonly AccountId: string;
  readonly AccountName: string;
  /**
   * The OUs that contain the account, innermost first, ending with the root id, so a worker
   * can apply settings per OU. Empty unless the execution input sets
   * `IncludeOrganizationalUnitIds` (it costs the planner one walk of the whole organization).
   */
  readonly OrganizationalUnitIds?: readonly string[];
  readonly Region: string;
  readonly Credentials: EncryptedCredentials;
  readonly Payload: unknown;
  readonly ResultLocation: { readonly Bucket: string; readonly Key: string };
  readonly ExecutionId: string;
  /**
   * `{Poll: 0}` on the first call; after an IN_PROGRESS answer, that answer (the worker's
   * last TargetRecord), so `Polling.Poll` counts the re-invocations and `Polling.State`
   * is what the worker asked to be handed back.
   */
  readonly Polling: { readonly Poll: number; readonly State?: unknown };
}

export interface EncryptedCredentials {
  /** Base64 KMS ciphertext of the JSON `{AccessKeyId, SecretAccessKey, SessionToken, Expiration}`. */
  readonly Ciphertext: string;
  readonly KeyId: string;
  /** The exact encryption context the ciphertext was made with; KMS refuses any other. */
  readonly EncryptionContext: Record<string, string>;
  readonly Expiration: string;
}

/** Encryption-context keys, shared by the credentials handler, the worker helper and the key policy. */
export const EncryptionContextKeys = {
  EXECUTION: 'stepeverywhere:execution',
  ACCOUNT: 'stepeverywhere:account',
  RECIPIENT: 'stepeverywhere:recipient',
} as const;

/**
 * What the worker acted on, for people: e.g. `{Text: "stack StepEverywhere-app", Url: <console page>}`.
 * It is shown beside the target in the summary email and reports; keep it under 1 KB.
 */
export interface TargetLink {
  readonly Text: string;
  readonly Url?: string;
}

/** What a worker's code may return through `defineWorker`. */
export type WorkerAnswer =
  | { readonly Status: 'SUCCEEDED' | 'NO_CHANGE'; readonly Result?: unknown; readonly Link?: TargetLink }
  | { readonly Status: 'FAILED'; readonly Error: string; readonly Cause: string; readonly Result?: unknown; readonly Link?: TargetLink }
  | { readonly Status: 'IN_PROGRESS'; readonly PollAfterSeconds: number; readonly State?: unknown };

/** The record a worker invocation answers the state machine with (the lambda:invoke Payload). */
export interface TargetRecord {
  readonly AccountId: string;
  readonly Region: string;
  /** A terminal outcome, or IN_PROGRESS to be polled again. */
  readonly Outcome: Outcome | 'IN_PROGRESS';
  readonly Error?: string;
  readonly Cause?: string;
  /** Where the JSON result was written, when one was. */
  readonly ResultKey?: string;
  /** What the worker acted on, for people (a terminal answer's Link). */
  readonly Link?: TargetLink;
  readonly PollAfterSeconds?: number;
  readonly State?: unknown;
  readonly Poll: number;
}

/** Output of one account's child execution of the Distributed Map (what ResultWriter stores). */
export interface AccountResult {
  readonly AccountId: string;
  readonly AccountName: string;
  /** Set when no worker ran in the account: every planned region gets this outcome. */
  readonly AccountOutcome?: Outcome;
  readonly Error?: string;
  readonly Cause?: string;
  readonly Regions: string[];
  readonly Targets?: TargetRecord[];
}
