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
  /** `nodejs<N>.x`, as the function was created. */
  readonly runtime: string;
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
  /** Sandboxes (busy or idle) per function; further invocations of it wait for one. @default 6 */
  maxSandboxesPerFunction?: number;
  /** Warm sandboxes kept per function. @default maxSandboxesPerFunction */
  maxWarmPerFunction?: number;
  /** Sandboxes over all functions; an idle one of another function ends to make room. @default 24 */
  maxSandboxes?: number;
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

interface Pool {
  revisionId: string;
  readonly idle: WarmSandbox[];
  /** Sandboxes of the function alive, busy or idle. */
  live: number;
}

interface WarmSandbox {
  readonly sandbox: Sandbox;
  readonly expiresAt: number;
  /** The pool it counts in, even after its function was retired or changed. */
  readonly pool: Pool;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Runs functions in worker threads, keeping warm sandboxes per function as Lambda keeps warm
 * execution environments: reused between invocations, bounded in number, ended when idle, when
 * the function changes, or before their role session would expire mid-invocation.
 *
 * Every sandbox is a thread that loads the function's bundle, which costs far more than an
 * invocation; so the number of sandboxes is bounded (per function and in all) and invocations
 * beyond the bound wait for a warm one instead of starting a thread used once.
 */
export class FunctionRunner {
  private readonly pools = new Map<string, Pool>();
  private running = 0;
  private live = 0;
  private readonly waiting: Array<() => void> = [];
  /** Invocations waiting for a sandbox: woken whenever one is returned or ended. */
  private sandboxWaiters: Array<() => void> = [];
  private closed = false;

  public constructor(private readonly options: RunnerOptions) {}

  public async invoke(fn: RunnableFunction, event: unknown, request: InvokeRequest): Promise<InvocationOutcome> {
    if (this.closed) throw new Error('the function runner is closed');
    await this.acquire();
    try {
      const warm = await this.sandboxFor(fn);
      let outcome: InvocationOutcome;
      try {
        outcome = await warm.sandbox.invoke(
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
      } finally {
        this.release(fn, warm);
      }
      return outcome;
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  /** Ends the warm sandboxes of a function (deleted or changed). */
  public async retire(functionArn: string): Promise<void> {
    const pool = this.pools.get(functionArn);
    if (!pool) return;
    this.pools.delete(functionArn);
    const idle = pool.idle.splice(0);
    await Promise.all(idle.map((warm) => this.end(warm)));
  }

  /** Ends every warm sandbox; invocations in flight finish, new ones are refused. */
  public async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pools.keys()].map((arn) => this.retire(arn)));
    this.wake();
  }

  /** Warm sandboxes of a function, for tests and the benchmark. */
  public warmCount(functionArn: string): number {
    return this.pools.get(functionArn)?.idle.length ?? 0;
  }

  /** Sandboxes alive over all functions, busy or idle. */
  public sandboxCount(): number {
    return this.live;
  }

  private async acquire(): Promise<void> {
    const limit = this.options.maxRunning ?? 64;
    if (this.running >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private get perFunction(): number {
    return this.options.maxSandboxesPerFunction ?? 6;
  }

  /** A warm sandbox of the function, a new one if the bounds allow, else the next one freed. */
  private async sandboxFor(fn: RunnableFunction): Promise<WarmSandbox> {
    for (;;) {
      if (this.closed) throw new Error('the function runner is closed');
      const pool = this.poolOf(fn);
      const mustLastUntil = this.now().getTime() + fn.timeoutSeconds * 1000 + CREDENTIAL_MARGIN_MS;
      while (pool.idle.length > 0) {
        const warm = pool.idle.pop() as WarmSandbox;
        clearTimeout(warm.idleTimer);
        if (warm.sandbox.usable && warm.expiresAt > mustLastUntil) return warm;
        void this.end(warm);
      }
      if (pool.live < this.perFunction && (this.live < (this.options.maxSandboxes ?? 24) || this.evictIdleOutside(pool))) {
        return this.start(fn, pool);
      }
      await new Promise<void>((resolve) => this.sandboxWaiters.push(resolve));
    }
  }

  private async start(fn: RunnableFunction, pool: Pool): Promise<WarmSandbox> {
    pool.live += 1;
    this.live += 1;
    try {
      const credentials = await this.options.credentialsFor(fn);
      const sandbox = new Sandbox({
        codeDirectory: fn.codeDirectory,
        handler: fn.handler,
        env: environmentOf(fn, credentials, this.options.endpoint()),
        onLog: (line) => this.options.onLog?.(fn.functionName, line),
      });
      return { sandbox, expiresAt: credentials.expiration.getTime(), pool };
    } catch (error) {
      this.forget(pool);
      throw error;
    }
  }

  /** Ends the idle sandbox of another function that waited longest, to make room; false if none. */
  private evictIdleOutside(keep: Pool): boolean {
    for (const pool of this.pools.values()) {
      if (pool === keep || pool.idle.length === 0) continue;
      const oldest = pool.idle.shift() as WarmSandbox;
      void this.end(oldest);
      return true;
    }
    return false;
  }

  private poolOf(fn: RunnableFunction): Pool {
    let pool = this.pools.get(fn.functionArn);
    if (pool && pool.revisionId !== fn.revisionId) {
      // Sandboxes of the old revision still busy are counted until they return and end.
      for (const warm of pool.idle.splice(0)) void this.end(warm);
      pool.revisionId = fn.revisionId;
    }
    if (!pool) {
      pool = { revisionId: fn.revisionId, idle: [], live: 0 };
      this.pools.set(fn.functionArn, pool);
    }
    return pool;
  }

  private release(fn: RunnableFunction, warm: WarmSandbox): void {
    const { pool } = warm;
    const current = this.pools.get(fn.functionArn) === pool && pool.revisionId === fn.revisionId;
    const warmLimit = this.options.maxWarmPerFunction ?? this.perFunction;
    if (this.closed || !warm.sandbox.usable || !current || pool.idle.length >= warmLimit) {
      void this.end(warm);
      return;
    }
    warm.idleTimer = setTimeout(() => {
      const at = pool.idle.indexOf(warm);
      if (at >= 0) {
        pool.idle.splice(at, 1);
        void this.end(warm);
      }
    }, (this.options.idleSeconds ?? 300) * 1000);
    warm.idleTimer.unref();
    pool.idle.push(warm);
    this.wake();
  }

  private async end(warm: WarmSandbox): Promise<void> {
    clearTimeout(warm.idleTimer);
    this.forget(warm.pool);
    await warm.sandbox.end();
  }

  private forget(pool: Pool): void {
    pool.live -= 1;
    this.live -= 1;
    this.wake();
  }

  /** Every waiter looks again: a returned sandbox may serve one, a freed slot another. */
  private wake(): void {
    const waiters = this.sandboxWaiters;
    this.sandboxWaiters = [];
    for (const resolve of waiters) resolve();
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
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
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
