import { AccountClient } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import type { PlanResult } from '../contract';
import { stsClientConfig } from '../credentials/assume-member-role';
import { assumeOrgReader, planExecution, preparePlan, readPlanSettings, type ReaderCredentials } from '../plan';
import { s3FromEnvironment } from '../summary/clients';

export interface OrgClients {
  readonly organizations: OrganizationsClient;
  readonly account: AccountClient;
}

export interface PlanHandlerDeps {
  readonly s3?: S3Client;
  readonly sts?: STSClient;
  /** Organizations and Account clients with these credentials, or the function's own when none. */
  readonly orgClients?: (credentials: ReaderCredentials | undefined) => OrgClients;
}

/** Organizations throttles early; adaptive retries slow down instead of failing the plan. */
function defaultOrgClients(credentials: ReaderCredentials | undefined): OrgClients {
  const config = { retryMode: 'adaptive', maxAttempts: 8, ...(credentials ? { credentials } : {}) };
  return { organizations: new OrganizationsClient(config), account: new AccountClient(config) };
}

/**
 * The Plan Lambda: `{Input, Execution: {Id, Name}}` in, `{Plan, Progress}` out. The input
 * is validated before any call; the org-reader role, when configured, is assumed once.
 */
export function makePlanHandler(
  deps: PlanHandlerDeps = {},
): (event: unknown, context?: Pick<Context, 'invokedFunctionArn'>) => Promise<PlanResult> {
  let sts = deps.sts;
  let s3 = deps.s3;
  return async (event, context) => {
    const settings = readPlanSettings(process.env, context?.invokedFunctionArn);
    const request = preparePlan(event, settings);
    let credentials: ReaderCredentials | undefined;
    if (settings.orgReaderRoleArn) {
      sts ??= new STSClient(stsClientConfig());
      credentials = await assumeOrgReader(sts, settings.orgReaderRoleArn, request.executionName);
    }
    const { organizations, account } = (deps.orgClients ?? defaultOrgClients)(credentials);
    s3 ??= s3FromEnvironment();
    const result = await planExecution({ organizations, account, s3 }, settings, request);
    console.log(
      JSON.stringify({ Waves: result.Plan.WaveCount, Targets: result.Plan.TargetCount, Prefix: result.Plan.Context.Prefix }),
    );
    return result;
  };
}

export const handler = makePlanHandler();
