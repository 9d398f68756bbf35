import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FunctionRunner, type RunnableFunction, type RunnerOptions, type TemporaryCredentials } from '../../../local/lambda/runner';

let root: string;
let runner: FunctionRunner | undefined;
let counter = 0;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'se-runner-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

function code(source: string, file = 'index.js'): string {
  const dir = path.join(root, `fn${++counter}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), source);
  return dir;
}

function fn(codeDirectory: string, extra: Partial<RunnableFunction> = {}): RunnableFunction {
  return {
    functionArn: `arn:aws:lambda:eu-west-1:111111111111:function:f${counter}`,
    functionName: `f${counter}`,
    region: 'eu-west-1',
    codeDirectory,
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    timeoutSeconds: 5,
    memorySize: 256,
    environment: { GREETING: 'hello' },
    revisionId: 'r1',
    ...extra,
  };
}

const KEYS: TemporaryCredentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date(Date.now() + 3600_000) };

function start(options: Partial<RunnerOptions> = {}): { runner: FunctionRunner; issued: TemporaryCredentials[] } {
  const issued: TemporaryCredentials[] = [];
  runner = new FunctionRunner({
    endpoint: () => 'http://127.0.0.1:1',
    credentialsFor: async () => {
      const keys = { ...KEYS, accessKeyId: `ASIA${issued.length}` };
      issued.push(keys);
      return keys;
    },
    ...options,
  });
  return { runner, issued };
}

async function invoke(r: FunctionRunner, f: RunnableFunction, event: unknown = {}) {
  return r.invoke(f, event, { requestId: 'req-1', invokedFunctionArn: f.functionArn });
}

describe('function runner', () => {
  it('gives the handler its environment, the session keys, the endpoint and a Lambda context', async () => {
    // Prepare
    const { runner: r } = start();
    const f = fn(code(`exports.handler = async (event, context) => ({
      event, greeting: process.env.GREETING, key: process.env.AWS_ACCESS_KEY_ID, token: process.env.AWS_SESSION_TOKEN,
      endpoint: process.env.AWS_ENDPOINT_URL, region: process.env.AWS_REGION, memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, executionEnv: process.env.AWS_EXECUTION_ENV,
      name: context.functionName, arn: context.invokedFunctionArn, id: context.awsRequestId, mb: context.memoryLimitInMB,
      left: context.getRemainingTimeInMillis(), hostPath: process.env.PATH === undefined });`));

    // Act
    const outcome = await invoke(r, f, { a: 1 });

    // Assess
    const payload = JSON.parse((outcome as { payload: string }).payload);
    expect(payload).toMatchObject({
      event: { a: 1 }, greeting: 'hello', key: 'ASIA0', token: 'token', endpoint: 'http://127.0.0.1:1', region: 'eu-west-1', memory: '256', executionEnv: 'AWS_Lambda_nodejs24.x',
      name: f.functionName, arn: f.functionArn, id: 'req-1', mb: '256', hostPath: true,
    });
    expect(payload.left).toBeGreaterThan(4000);
    expect(payload.left).toBeLessThanOrEqual(5000);
  });

  it('answers a callback-style handler with the value it passes', async () => {
    // Prepare
    const { runner: r } = start();
    const f = fn(code(`exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { doubled: event.n * 2 }), 10); };`));

    // Act
    const outcome = await invoke(r, f, { n: 21 });

    // Assess
    expect(outcome).toEqual({ payload: '{"doubled":42}' });
  });

  it('reports a thrown error as the Node.js runtime does', async () => {
    // Prepare
    const { runner: r } = start();
    const f = fn(code(`class QuotaError extends Error { constructor(m) { super(m); this.name = 'QuotaError'; } }
      exports.handler = async () => { throw new QuotaError('over quota'); };`));

    // Act
    const outcome = await invoke(r, f);

    // Assess
    expect(outcome).toMatchObject({ functionError: { errorType: 'QuotaError', errorMessage: 'over quota' } });
    expect('functionError' in outcome && outcome.functionError.trace?.[0]).toBe('QuotaError: over quota');
  });

  it('reports a thrown string with its type as the error type', async () => {
    // Prepare
    const { runner: r } = start();
    const f = fn(code(`exports.handler = async () => { throw 'plain text'; };`));

    // Act
    const outcome = await invoke(r, f);

    // Assess
    expect(outcome).toEqual({ functionError: { errorType: 'string', errorMessage: 'plain text', trace: [] } });
  });

  it('ends a function that runs past its timeout with Sandbox.Timedout', async () => {
    // Prepare
    const { runner: r } = start();
    const f = fn(code(`exports.handler = () => new Promise(() => undefined);`), { timeoutSeconds: 1 });

    // Act
    const outcome = await invoke(r, f);

    // Assess
    expect(outcome).toEqual({ functionError: { errorType: 'Sandbox.Timedout', errorMessage: expect.stringMatching(/^RequestId: req-1 Error: Task timed out after 1\.\d\d seconds$/) } });
    expect(r.warmCount(f.functionArn)).toBe(0);
  });

  it('names a handler that is not exported', async () => {
    // Prepare
    const { runner: r } = start();
    const f = fn(code(`exports.other = async () => 1;`));

    // Act
    const outcome = await invoke(r, f);

    // Assess
    expect(outcome).toMatchObject({ functionError: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' } });
  });

  it('names a handler file that does not exist', async () => {
    // Prepare
    const { runner: r } = start();
    const f = fn(code(`exports.handler = async () => 1;`), { handler: 'missing.handler' });

    // Act
    const outcome = await invoke(r, f);

    // Assess
    expect(outcome).toMatchObject({ functionError: { errorType: 'Runtime.ImportModuleError', errorMessage: "Error: Cannot find module 'missing'" } });
  });

  it('reports a function that exits the runtime as Runtime.ExitError', async () => {
    // Prepare
    const { runner: r } = start();
    const f = fn(code(`exports.handler = async () => { process.exit(3); };`));

    // Act
    const outcome = await invoke(r, f);

    // Assess
    expect(outcome).toEqual({ functionError: { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: req-1 Error: Runtime exited with error: exit status 3' } });
  });

  it('reuses a warm sandbox, so module state survives between invocations', async () => {
    // Prepare
    const { runner: r, issued } = start();
    const f = fn(code(`let calls = 0; exports.handler = async () => ++calls;`));

    // Act
    const first = await invoke(r, f);
    const second = await invoke(r, f);

    // Assess
    expect([first, second]).toEqual([{ payload: '1' }, { payload: '2' }]);
    expect(issued).toHaveLength(1);
    expect(r.warmCount(f.functionArn)).toBe(1);
  });

  it('starts a fresh sandbox once the function changes', async () => {
    // Prepare
    const { runner: r } = start();
    const f = fn(code(`let calls = 0; exports.handler = async () => ++calls;`));
    await invoke(r, f);

    // Act
    const changed = await invoke(r, { ...f, revisionId: 'r2' });

    // Assess
    expect(changed).toEqual({ payload: '1' });
  });

  it('does not reuse a sandbox whose session would expire during the next invocation', async () => {
    // Prepare
    let now = Date.now();
    const { runner: r, issued } = start({ now: () => new Date(now) });
    const f = fn(code(`let calls = 0; exports.handler = async () => ++calls;`));
    await invoke(r, f);

    // Act
    now += 3600_000 - 30_000;
    const renewed = await invoke(r, f);

    // Assess
    expect(renewed).toEqual({ payload: '1' });
    expect(issued).toHaveLength(2);
  });

  it('runs concurrent invocations in separate sandboxes and keeps at most the warm limit', async () => {
    // Prepare
    const { runner: r } = start({ maxWarmPerFunction: 1 });
    const f = fn(code(`exports.handler = async () => { await new Promise((resolve) => setTimeout(resolve, 100)); return require('node:worker_threads').threadId; };`));

    // Act
    const outcomes = await Promise.all([invoke(r, f), invoke(r, f), invoke(r, f)]);

    // Assess
    const threads = new Set(outcomes.map((outcome) => (outcome as { payload: string }).payload));
    expect(threads.size).toBe(3);
    expect(r.warmCount(f.functionArn)).toBe(1);
  });

  it('runs more concurrent invocations than the sandbox bound by reusing the warm sandboxes', async () => {
    // Prepare
    const { runner: r, issued } = start({ maxSandboxesPerFunction: 2 });
    const f = fn(code(`exports.handler = async () => { await new Promise((resolve) => setTimeout(resolve, 50)); return require('node:worker_threads').threadId; };`));

    // Act
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => invoke(r, f)));

    // Assess
    const threads = new Set(outcomes.map((outcome) => (outcome as { payload: string }).payload));
    expect(outcomes.every((outcome) => 'payload' in outcome)).toBe(true);
    expect(threads.size).toBe(2);
    expect(issued).toHaveLength(2);
    expect(r.warmCount(f.functionArn)).toBe(2);
  });

  it('ends an idle sandbox of another function when every sandbox slot is taken', async () => {
    // Prepare
    const { runner: r } = start({ maxSandboxes: 1 });
    const first = fn(code(`exports.handler = async () => 'first';`));
    await invoke(r, first);
    const second = fn(code(`exports.handler = async () => 'second';`));

    // Act
    const outcome = await invoke(r, second);

    // Assess
    expect(outcome).toEqual({ payload: '"second"' });
    expect(r.warmCount(first.functionArn)).toBe(0);
    expect(r.warmCount(second.functionArn)).toBe(1);
    expect(r.sandboxCount()).toBe(1);
  });

  it('frees the slot of a sandbox that timed out, so the next invocation gets a fresh one', async () => {
    // Prepare
    const { runner: r } = start({ maxSandboxesPerFunction: 1 });
    const f = fn(code(`exports.handler = async (event) => { if (event.hang) await new Promise(() => setInterval(() => undefined, 1000)); return 'done'; };`), { timeoutSeconds: 0.2 });
    const timedOut = await invoke(r, f, { hang: true });

    // Act
    const next = await invoke(r, f, {});

    // Assess
    expect((timedOut as { functionError: { errorType: string } }).functionError.errorType).toBe('Sandbox.Timedout');
    expect(next).toEqual({ payload: '"done"' });
    expect(r.sandboxCount()).toBe(1);
  });

  it('ends idle sandboxes after the idle time', async () => {
    // Prepare
    const { runner: r } = start({ idleSeconds: 0.05 });
    const f = fn(code(`exports.handler = async () => 1;`));
    await invoke(r, f);

    // Act
    await new Promise((resolve) => setTimeout(resolve, 150));

    // Assess
    expect(r.warmCount(f.functionArn)).toBe(0);
  });

  it('refuses invocations once closed', async () => {
    // Prepare
    const { runner: r } = start();
    await r.close();

    // Act
    const refused = await invoke(r, fn(code('exports.handler = async () => 1;'))).catch((error: Error) => error);

    // Assess
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toBe('the function runner is closed');
  });
});
