import { Worker } from 'node:worker_threads';
import { WORKER_SOURCE } from './worker-source';

/** How a function failed, as the Node.js runtime reports it in the Invoke payload. */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** What one invocation answered: the handler's result as JSON text, or the error. */
export type InvocationOutcome = { readonly payload: string } | { readonly functionError: FunctionError };

/** What the handler sees as its context object, besides getRemainingTimeInMillis. */
export interface InvocationContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

export interface SandboxSettings {
  readonly codeDirectory: string;
  readonly handler: string;
  /** The whole process.env of the thread: nothing of the host's environment leaks in. */
  readonly env: Readonly<Record<string, string>>;
  /** Called with each line the function writes to stdout or stderr. */
  readonly onLog: (line: string) => void;
}

type WorkerMessage =
  | { type: 'result'; id: number; payload: string }
  | { type: 'error'; id: number | undefined; fatal: boolean; error: FunctionError };

/**
 * One warm execution environment: a worker thread with its own process.env that runs one
 * invocation at a time. A timeout, a crash or an init failure ends the thread; the runner then
 * starts a fresh one, as Lambda replaces a sandbox.
 */
export class Sandbox {
  private readonly worker: Worker;
  private nextId = 0;
  private pending: { id: number; requestId: string; finish: (outcome: InvocationOutcome) => void } | undefined;
  private ended = false;
  /** False once the thread ended or must not be reused. */
  public get usable(): boolean {
    return !this.ended;
  }

  public constructor(settings: SandboxSettings) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { codeDirectory: settings.codeDirectory, handler: settings.handler },
      env: { ...settings.env },
      stdout: true,
      stderr: true,
    });
    forwardLines(this.worker.stdout, settings.onLog);
    forwardLines(this.worker.stderr, settings.onLog);
    // An idle warm sandbox must not keep the host process alive, as a frozen sandbox costs nothing.
    this.worker.unref();
    this.worker.on('message', (message: WorkerMessage) => this.receive(message));
    this.worker.on('error', (error: Error) => {
      this.ended = true;
      this.settle({ functionError: { errorType: error.name || 'Error', errorMessage: error.message, trace: (error.stack ?? '').split('\n') } });
    });
    this.worker.on('exit', (code) => {
      this.ended = true;
      const requestId = this.pending?.requestId ?? '';
      this.settle({
        functionError: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${code}` },
      });
    });
  }

  /**
   * Runs one invocation. After `timeoutMs` the thread is terminated and the answer is Lambda's
   * `Sandbox.Timedout` error; the sandbox cannot be reused after that.
   */
  public invoke(event: unknown, context: InvocationContext, timeoutMs: number): Promise<InvocationOutcome> {
    if (this.ended) return Promise.reject(new Error('the sandbox has ended; start a new one'));
    if (this.pending) return Promise.reject(new Error('the sandbox is busy; a sandbox runs one invocation at a time'));
    const id = ++this.nextId;
    const started = Date.now();
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => {
        const seconds = (Math.max(timeoutMs, Date.now() - started) / 1000).toFixed(2);
        this.settle({
          functionError: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${context.awsRequestId} Error: Task timed out after ${seconds} seconds` },
        });
        void this.end();
      }, timeoutMs);
      this.pending = {
        id,
        requestId: context.awsRequestId,
        finish: (outcome) => {
          clearTimeout(timer);
          this.worker.unref();
          resolve(outcome);
        },
      };
      this.worker.ref();
      this.worker.postMessage({ type: 'invoke', id, event, context: { ...context, deadlineMs: started + timeoutMs } });
    });
  }

  /** Terminates the thread (idempotent). */
  public async end(): Promise<void> {
    this.ended = true;
    await this.worker.terminate();
  }

  private receive(message: WorkerMessage): void {
    if (message.type === 'error' && message.fatal) {
      // An init failure or an unhandled rejection leaves the module in an unknown state.
      this.ended = true;
      void this.worker.terminate();
    }
    if (message.id !== undefined && this.pending?.id !== message.id) return;
    this.settle(message.type === 'result' ? { payload: message.payload } : { functionError: message.error });
  }

  private settle(outcome: InvocationOutcome): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.finish(outcome);
  }
}

function forwardLines(stream: NodeJS.ReadableStream, onLog: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      onLog(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (buffered !== '') onLog(buffered);
  });
}
