import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DEFAULT_OPERATOR, startLocalCloud, type LocalCloud, type StaticUser } from '../../../../local/server';
import { provisionRole } from '../../../../local/services/iam/roles';
import { createFunction, type FunctionRecord } from '../../../../local/services/lambda/functions';
import { lambdaService, stopFunctions, type LambdaServiceOptions } from '../../../../local/services/lambda/lambda-service';
import type { LocalService, LocalServiceFactory } from '../../../../local/services/service';

export const ACCOUNT = DEFAULT_OPERATOR.accountId;
export const REGION = 'eu-west-1';

/** A user of the hub account with no permissions at all. */
export const NOBODY: StaticUser = {
  accessKeyId: 'AKIANOBODYNOBODYNOBODY',
  secretAccessKey: 'nobody-secret-access-key',
  accountId: ACCOUNT,
  userName: 'nobody',
  policies: [],
};

export const LAMBDA_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export interface LambdaTestCloud {
  readonly local: LocalCloud;
  readonly stateDir: string;
  readonly codeRoot: string;
  readonly logs: string[];
  client(user?: StaticUser, maxAttempts?: number): LambdaClient;
  /** Writes `index.js` with this body into a new code folder and returns the folder. */
  code(name: string, source: string): string;
  /** A role Lambda may assume, with these inline policies. */
  role(name: string, inlinePolicies?: Record<string, object>): Promise<string>;
  fn(name: string, source: string, extra?: Partial<Parameters<typeof createFunction>[1]>): Promise<FunctionRecord>;
  /** Stops the functions and the cloud; the state folder is removed unless kept (to restart on it). */
  close(keepState?: boolean): Promise<void>;
}

/** The error a call failed with; a call that succeeds fails the test. */
export async function failureOf(call: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call succeeded, but it was expected to fail');
}

/** The absolute path of an installed package, so function code in a temp folder can require it. */
export function modulePath(name: string): string {
  return require.resolve(name);
}

export async function startLambdaCloud(
  options: Partial<LambdaServiceOptions> = {},
  /** More services; the endpoint is known once the cloud listens. */
  more: (endpoint: () => string) => ReadonlyArray<LocalService | LocalServiceFactory> = () => [],
  stateDir = mkdtempSync(path.join(tmpdir(), 'se-lambda-')),
): Promise<LambdaTestCloud> {
  const codeRoot = mkdtempSync(path.join(tmpdir(), 'se-lambda-code-'));
  const logs: string[] = [];
  let local: LocalCloud | undefined;
  const endpoint = (): string => (local as LocalCloud).endpoint;
  local = await startLocalCloud({
    port: 0,
    stateDir,
    users: [NOBODY],
    log: () => undefined,
    services: [lambdaService({ endpoint, onLog: (fn, line) => logs.push(`${fn}: ${line}`), ...options }), ...more(endpoint)],
  });
  const started = local;
  const self: LambdaTestCloud = {
    local: started,
    stateDir,
    codeRoot,
    logs,
    client: (user = DEFAULT_OPERATOR, maxAttempts = 1) => new LambdaClient({ endpoint: started.endpoint, region: REGION, credentials: user, maxAttempts }),
    code: (name, source) => {
      const dir = path.join(codeRoot, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'index.js'), source);
      return dir;
    },
    role: async (name, inlinePolicies = {}) => {
      const role = await provisionRole(started.store, ACCOUNT, { roleName: name, assumeRolePolicyDocument: LAMBDA_TRUST, inlinePolicies: inlinePolicies as Record<string, Record<string, unknown>> });
      return role.arn;
    },
    fn: async (name, source, extra = {}) => {
      const roleArn = await self.role(`${name}-role`);
      return createFunction(started.cloud, {
        accountId: ACCOUNT,
        region: REGION,
        name,
        roleArn,
        handler: 'index.handler',
        runtime: 'nodejs20.x',
        timeoutSeconds: 10,
        codeDirectory: self.code(name, source),
        ...extra,
      });
    },
    close: async (keepState = false) => {
      await stopFunctions(started.cloud);
      await started.close();
      if (!keepState) rmSync(stateDir, { recursive: true, force: true });
      rmSync(codeRoot, { recursive: true, force: true });
    },
  };
  return self;
}
