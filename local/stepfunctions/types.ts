/**
 * The JSONPath ASL subset this engine runs, as TypeScript shapes. The validator checks a
 * parsed definition against these before any execution starts, so the interpreter can
 * trust them.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface StateMachineDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
  readonly QueryLanguage?: string;
}

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
}

interface Base {
  readonly Type: string;
  readonly Comment?: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
  readonly QueryLanguage?: string;
}

interface WithResult {
  readonly ResultPath?: string | null;
  readonly ResultSelector?: Record<string, unknown>;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface PassState extends Base {
  readonly Type: 'Pass';
  readonly Result?: unknown;
  readonly Parameters?: unknown;
  readonly ResultPath?: string | null;
}

export interface TaskState extends Base, WithResult {
  readonly Type: 'Task';
  readonly Resource: string;
  readonly Parameters?: unknown;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
}

export interface ChoiceRule {
  readonly Variable?: string;
  readonly Next?: string;
  readonly And?: readonly ChoiceRule[];
  readonly Or?: readonly ChoiceRule[];
  readonly Not?: ChoiceRule;
  readonly [operator: string]: unknown;
}

export interface ChoiceState extends Base {
  readonly Type: 'Choice';
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}

export interface WaitState extends Base {
  readonly Type: 'Wait';
  readonly Seconds?: number;
  readonly SecondsPath?: string;
  readonly Timestamp?: string;
  readonly TimestampPath?: string;
}

export interface SucceedState extends Base {
  readonly Type: 'Succeed';
}

export interface FailState extends Base {
  readonly Type: 'Fail';
  readonly Error?: string;
  readonly Cause?: string;
  readonly ErrorPath?: string;
  readonly CausePath?: string;
}

export interface ParallelState extends Base, WithResult {
  readonly Type: 'Parallel';
  readonly Branches: readonly StateMachineDefinition[];
  readonly Parameters?: unknown;
}

export interface ItemProcessor extends StateMachineDefinition {
  readonly ProcessorConfig?: { readonly Mode?: 'INLINE' | 'DISTRIBUTED'; readonly ExecutionType?: 'STANDARD' | 'EXPRESS' };
}

export interface ItemReader {
  readonly Resource: string;
  readonly Parameters?: Record<string, unknown>;
  readonly ReaderConfig?: {
    readonly InputType?: 'JSON' | 'JSONL' | 'CSV';
    readonly MaxItems?: number;
    readonly MaxItemsPath?: string;
    readonly CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
    readonly CSVHeaders?: readonly string[];
    readonly CSVDelimiter?: string;
  };
}

export interface ResultWriter {
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly WriterConfig?: { readonly OutputType?: 'JSON' | 'JSONL'; readonly Transformation?: 'NONE' | 'COMPACT' | 'FLATTEN' };
}

export interface MapState extends Base, WithResult {
  readonly Type: 'Map';
  readonly ItemsPath?: string;
  readonly ItemSelector?: unknown;
  /** The older name of ItemSelector. */
  readonly Parameters?: unknown;
  readonly ItemProcessor?: ItemProcessor;
  /** The older name of ItemProcessor (always inline). */
  readonly Iterator?: StateMachineDefinition;
  readonly MaxConcurrency?: number;
  readonly MaxConcurrencyPath?: string;
  readonly ItemReader?: ItemReader;
  readonly ResultWriter?: ResultWriter;
  readonly ToleratedFailureCount?: number;
  readonly ToleratedFailureCountPath?: string;
  readonly ToleratedFailurePercentage?: number;
  readonly ToleratedFailurePercentagePath?: string;
  readonly Label?: string;
}

export type State = PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;

export function isDistributed(state: MapState): boolean {
  return state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

export function processorOf(state: MapState): StateMachineDefinition {
  // The validator guarantees one of the two is present.
  return (state.ItemProcessor ?? state.Iterator) as StateMachineDefinition;
}
