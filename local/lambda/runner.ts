import { Sandbox, type InvocationOutcome } from './sandbox';

/** A function as the runner needs it: its code, handler, limits and environment. */
export interface RunnableFunction {
  /** Unqualified ARN: the pool key. */
  readonly functionArn: string;
  readonly functionName: string;
  readonly region: string;
  readonly codeDirectory: string;
  /** `<file>.<export>`, e.g. `index.handler`. */
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  /** `Environment.Variables`. */
  readonly environment: Readonly<Record<string, string>>;
  /** Changes with every change of code or configuration: sandboxes of an older revision are not reused. */
  readonly revisionId: string;
}

/** Keys of a session for the function's execution role. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface RunnerOptions {
  /** The local cloud's endpoint, for `AWS_ENDPOINT_URL` inside the function. */
  endpoint(): string;
  /** A session for the function's role; called for every new sandbox. */
  credentialsFor(fn: RunnableFunction): Promise<TemporaryCredentials>;
  /** The cloud's clock, against which session expiry is judged. @default the system clock */
  now?(): Date;
  /** Warm sandboxes kept per function. @default 8 */
  maxWarmPerFunction?: number;
  /** Seconds an idle warm sandbox lives. @default 300 */
  idleSeconds?: number;
  /** Invocations running at once over all functions; more wait for a free slot. @default 64 */
  maxRunning?: number;
  /** Each line a function writes. @default discarded */
  onLog?(functionName: string, line: string): void;
}

export interface InvokeRequest {
  readonly requestId: string;
  /** The ARN the caller named (qualified or not), as the context reports it. */
  readonly invokedFunctionArn: string;
}

/** A sandbox must not start an invocation its session would not outlive (plus this margin). */
const CREDENTIAL_MARGIN_MS = 60_000;

interface WarmSandbox {
  readonly sandbox: Sandbox;
  readonly expiresAt: number;
  idleTimer?: NodeJS.Timeout;
}

interface Pool {
  revisionId: string;
  readonly idle: WarmSandbox[];
}

/**
 * Runs functions in worker threads, keeping warm sandboxes per function as Lambda keeps warm
 * execution environments: reused between invocations, bounded in number, ended when idle, when
 * the function changes, or before their role session would expire mid-invocation.
 */
export class FunctionRunner {
  private readonly pools = new Map<string, Pool>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  public constructor(private readonly options: RunnerOptions) {}

  public async invoke(fn: RunnableFunction, event: unknown, request: InvokeRequest): Promise<InvocationOutcome> {
    if (this.closed) throw new Error('the function runner is closed');
    await this.acquire();
    try {
      const warm = await this.sandboxFor(fn);
      const outcome = await warm.sandbox.invoke(
        event,
        {
          functionName: fn.functionName,
          functionVersion: '$LATEST',
          invokedFunctionArn: request.invokedFunctionArn,
          memoryLimitInMB: String(fn.memorySize),
          awsRequestId: request.requestId,
          logGroupName: `/aws/lambda/${fn.functionName}`,
          logStreamName: logStreamName(this.now()),
        },
        fn.timeoutSeconds * 1000,
      );
      this.release(fn, warm);
      return outcome;
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  /** Ends the warm sandboxes of a function (deleted or changed). */
  public async retire(functionArn: string): Promise<void> {
    const pool = this.pools.get(functionArn);
    this.pools.delete(functionArn);
    await Promise.all((pool?.idle ?? []).map((warm) => endWarm(warm)));
  }

  /** Ends every warm sandbox; invocations in flight finish, new ones are refused. */
  public async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pools.keys()].map((arn) => this.retire(arn)));
  }

  /** Warm sandboxes of a function, for tests and the benchmark. */
  public warmCount(functionArn: string): number {
    return this.pools.get(functionArn)?.idle.length ?? 0;
  }

  private async acquire(): Promise<void> {
    const limit = this.options.maxRunning ?? 64;
    if (this.running >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async sandboxFor(fn: RunnableFunction): Promise<WarmSandbox> {
    const pool = this.poolOf(fn);
    const mustLastUntil = this.now().getTime() + fn.timeoutSeconds * 1000 + CREDENTIAL_MARGIN_MS;
    while (pool.idle.length > 0) {
      const warm = pool.idle.pop() as WarmSandbox;
      clearTimeout(warm.idleTimer);
      if (warm.sandbox.usable && warm.expiresAt > mustLastUntil) return warm;
      void endWarm(warm);
    }
    const credentials = await this.options.credentialsFor(fn);
    const sandbox = new Sandbox({
      codeDirectory: fn.codeDirectory,
      handler: fn.handler,
      env: environmentOf(fn, credentials, this.options.endpoint()),
      onLog: (line) => this.options.onLog?.(fn.functionName, line),
    });
    return { sandbox, expiresAt: credentials.expiration.getTime() };
  }

  private poolOf(fn: RunnableFunction): Pool {
    let pool = this.pools.get(fn.functionArn);
    if (pool && pool.revisionId !== fn.revisionId) {
      for (const warm of pool.idle.splice(0)) void endWarm(warm);
      pool.revisionId = fn.revisionId;
    }
    if (!pool) {
      pool = { revisionId: fn.revisionId, idle: [] };
      this.pools.set(fn.functionArn, pool);
    }
    return pool;
  }

  private release(fn: RunnableFunction, warm: WarmSandbox): void {
    const pool = this.pools.get(fn.functionArn);
    const keep = !this.closed && warm.sandbox.usable && pool !== undefined && pool.revisionId === fn.revisionId && pool.idle.length < (this.options.maxWarmPerFunction ?? 8);
    if (!keep || !pool) {
      void endWarm(warm);
      return;
    }
    warm.idleTimer = setTimeout(() => {
      const at = pool.idle.indexOf(warm);
      if (at >= 0) pool.idle.splice(at, 1);
      void endWarm(warm);
    }, (this.options.idleSeconds ?? 300) * 1000);
    warm.idleTimer.unref();
    pool.idle.push(warm);
  }
}

/** What the Node.js runtime sets, plus the cloud's endpoint so SDK clients reach the local cloud. */
export function environmentOf(fn: RunnableFunction, credentials: TemporaryCredentials, endpoint: string): Record<string, string> {
  return {
    ...fn.environment,
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    LAMBDA_TASK_ROOT: fn.codeDirectory,
    _HANDLER: fn.handler,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
  };
}

function logStreamName(now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${Math.random().toString(16).slice(2).padEnd(12, '0').slice(0, 12)}`;
}

async function endWarm(warm: WarmSandbox): Promise<void> {
  clearTimeout(warm.idleTimer);
  await warm.sandbox.end();
}
