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
  /** Accounts processed at once. @default the orchestrator's max concurrent accounts */
  readonly MaxConcurrency?: number;
  /**
   * Wave sizes, in accounts (`5`) or percent of the targeted accounts (`"10%"`), run in order;
   * the accounts left over form a last wave. A wave that breaks the tolerance stops the rest.
   * @default one wave with every account
   */
  readonly Waves?: Array<number | string>;
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
