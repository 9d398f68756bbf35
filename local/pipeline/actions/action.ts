import type { CallerIdentity, CloudContext } from '../../services/service';
import type { SourceRevisionRecord } from '../executions';
import type { ActionDeclaration, PipelineRecord } from '../records';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Who an action acts as: its role (or the pipeline's), as credentials and as the caller they stand for. */
export interface ActionIdentity {
  readonly credentials: AwsCredentials;
  readonly caller: CallerIdentity;
}

/** Everything an action executor is given; artifacts are directories on this machine. */
export interface ActionContext {
  readonly cloud: CloudContext;
  /** The cloud's endpoint, for SDK clients. */
  readonly endpoint: string;
  readonly pipeline: PipelineRecord;
  readonly action: ActionDeclaration;
  readonly executionId: string;
  /** This run of the action: what CodePipeline names the action execution (ListActionExecutions). */
  readonly actionExecutionId: string;
  readonly identity: ActionIdentity;
  /** Input artifact name → its directory. */
  readonly inputs: ReadonlyMap<string, string>;
  /** Output artifact name → an empty directory to fill. */
  readonly outputs: ReadonlyMap<string, string>;
  /** For source actions: the revision resolved when the execution started. */
  readonly revision?: SourceRevisionRecord;
  /** The pipeline's artifact bucket and the pipeline role's identity, which may write to it. */
  readonly artifactStore?: { readonly bucket: string; readonly identity: ActionIdentity };
  /** Aborted when the execution is stopped with abandon, or the cloud closes. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

export interface ActionOutcome {
  readonly summary?: string;
  readonly externalExecutionId?: string;
  readonly outputVariables?: Readonly<Record<string, string>>;
}

export type ActionExecutor = (context: ActionContext) => Promise<ActionOutcome>;

/** An action's failure as CodePipeline reports it: an error code and a message. */
export class ActionFailure extends Error {
  public override readonly name = 'ActionFailure';
  public constructor(
    /** `JobFailed` for the action's own failure, `ConfigurationError` for a wrong configuration, `PermissionError`. */
    public readonly code: 'JobFailed' | 'ConfigurationError' | 'PermissionError',
    message: string,
    public readonly externalExecutionId?: string,
  ) {
    super(message);
  }
}

/** A required configuration property of the action, or a ConfigurationError naming it. */
export function configured(context: Pick<ActionContext, 'action'>, name: string): string {
  const value = context.action.configuration[name];
  if (value === undefined || value === '') {
    throw new ActionFailure('ConfigurationError', `Action ${context.action.name}: Configuration.${name} is required for ${context.action.category}/${context.action.provider}; add it to the action.`);
  }
  return value;
}

/** Client settings for the local cloud as the action's identity. */
export function clientConfig(context: Pick<ActionContext, 'endpoint' | 'pipeline' | 'identity'>) {
  return { endpoint: context.endpoint, region: context.pipeline.region, credentials: context.identity.credentials, maxAttempts: 3 };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // The listener goes when the timer fires: a long poll loop must not pile them up on one signal.
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
