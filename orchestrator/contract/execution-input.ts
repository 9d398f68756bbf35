/**
 * The execution input: a superset of the original step-everywhere input
 * `{Regions, RoleName, Function, Payload}`, so an input written for the original still works.
 */
export interface ExecutionInput {
  /** Regions to run in. @default the orchestrator's default regions, else every region enabled in each account */
  readonly Regions?: string[];
  /** Name of the member role to assume in each account. @default the orchestrator's member role name */
  readonly RoleName?: string;
  /** Worker Lambda: name or ARN (optionally qualified). Its name must start with `StepEverywhere_`. */
  readonly Function: string;
  /** Passed unchanged to every worker invocation. @default {} */
  readonly Payload?: unknown;
  /** Which accounts to run in. @default every account of the organization but the host account */
  readonly Targets?: TargetsInput;
  /** How many failed targets the execution tolerates. @default the orchestrator's tolerance */
  readonly FailureTolerance?: FailureToleranceInput;
  /**
   * Accounts processed at once.
   * @default the orchestrator's max concurrent accounts, lowered so that accounts × regions stays within Lambda's default 1,000 concurrent executions
   */
  readonly MaxConcurrency?: number;
  /**
   * Waves run in order: each entry is a size in accounts (`5`), a share of the targeted
   * accounts (`"10%"`), or the targeted accounts among a list of accounts and OUs
   * (`{"OrganizationalUnits": ["ou-…"]}`); an account already in an earlier wave stays there,
   * and the accounts left over form a last wave. A wave that breaks the tolerance stops the rest.
   * @default one wave with every account
   */
  readonly Waves?: Array<number | string | WaveMembers>;
  /**
   * Hand every worker the OUs containing its account (`WorkerEvent.OrganizationalUnitIds`),
   * e.g. for settings per OU. The planner then walks the whole organization once.
   * @default false
   */
  readonly IncludeOrganizationalUnitIds?: boolean;
  /**
   * Email the summary when nothing failed too. The email is always sent when a target
   * failed, timed out, could not be reached or was cancelled.
   * @default false
   */
  readonly NotifyOnSuccess?: boolean;
}

/** A wave given by membership: the targeted accounts among these accounts and OUs (recursively). */
export interface WaveMembers {
  readonly Accounts?: string[];
  readonly OrganizationalUnits?: string[];
}

export interface TargetsInput {
  /** Account ids (12 digits). */
  readonly Accounts?: string[];
  /** OU ids (`ou-…`) or the root id (`r-…`); accounts under them are included recursively. */
  readonly OrganizationalUnits?: string[];
  /** Accounts and OUs (recursively) to leave out. */
  readonly Exclude?: { readonly Accounts?: string[]; readonly OrganizationalUnits?: string[] };
  /** Run in the account that hosts the orchestrator too. @default false */
  readonly IncludeHostAccount?: boolean;
}

export type FailureToleranceInput = { readonly Count: number } | { readonly Percentage: number };
