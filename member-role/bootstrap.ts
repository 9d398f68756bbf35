import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  type Parameter,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

export interface BootstrapRequest {
  /** Accounts to deploy the stack into. */
  readonly accountIds: readonly string[];
  /** The administrative role in each account to deploy through, e.g. OrganizationAccountAccessRole. */
  readonly accessRoleName: string;
  readonly stackName: string;
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly region: string;
  /** Extra SDK client settings (e.g. an endpoint), spread into every client. */
  readonly clientConfig?: Record<string, unknown>;
  /** Accounts deployed at once. @default 8 */
  readonly concurrency?: number;
  /** Seconds between status checks. @default 1 */
  readonly pollSeconds?: number;
  /** Called as each account finishes. */
  readonly onAccount?: (result: BootstrapResult) => void;
}

export interface BootstrapResult {
  readonly accountId: string;
  readonly status: string;
  readonly reason?: string;
}

const DONE = /(_COMPLETE|_FAILED)$/;
const OK = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

/**
 * Deploys one template into many accounts through each account's administrative role:
 * creates the stack, or updates it when it exists ("no updates" counts as done), and waits
 * for a final status. One account's failure is reported, never stops the others.
 */
export async function bootstrapAccounts(request: BootstrapRequest): Promise<BootstrapResult[]> {
  const sts = new STSClient({ region: request.region, ...request.clientConfig });
  const queue = [...request.accountIds];
  const results: BootstrapResult[] = [];
  const worker = async () => {
    for (let accountId = queue.shift(); accountId !== undefined; accountId = queue.shift()) {
      const result = await bootstrapOne(sts, request, accountId).catch(
        (error: unknown): BootstrapResult => ({ accountId, status: 'FAILED', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
      );
      results.push(result);
      request.onAccount?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, request.concurrency ?? 8) }, worker));
  return results.sort((a, b) => a.accountId.localeCompare(b.accountId));
}

async function bootstrapOne(sts: STSClient, request: BootstrapRequest, accountId: string): Promise<BootstrapResult> {
  const session = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${request.accessRoleName}`,
      RoleSessionName: 'StepEverywhere-bootstrap',
      DurationSeconds: 900,
    }),
  );
  const c = session.Credentials!;
  const cfn = new CloudFormationClient({
    region: request.region,
    ...request.clientConfig,
    credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
  });
  const Parameters: Parameter[] = Object.entries(request.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  const common = { StackName: request.stackName, TemplateBody: request.templateBody, Parameters, Capabilities: ['CAPABILITY_NAMED_IAM' as const] };
  const existing = await describe(cfn, request.stackName);
  if (existing && existing.StackStatus !== 'REVIEW_IN_PROGRESS') {
    try {
      await cfn.send(new UpdateStackCommand(common));
    } catch (error) {
      if (error instanceof Error && /No updates are to be performed/.test(error.message)) {
        return { accountId, status: existing.StackStatus ?? 'UNKNOWN' };
      }
      throw error;
    }
  } else {
    await cfn.send(new CreateStackCommand(common));
  }
  for (;;) {
    const stack = await describe(cfn, request.stackName);
    const status = stack?.StackStatus ?? 'UNKNOWN';
    if (DONE.test(status) && !status.endsWith('_IN_PROGRESS')) {
      return OK.has(status) ? { accountId, status } : { accountId, status, reason: stack?.StackStatusReason ?? 'see the stack events' };
    }
    await new Promise((resolve) => setTimeout(resolve, (request.pollSeconds ?? 1) * 1000));
  }
}

async function describe(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const answer = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return answer.Stacks?.[0];
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    throw error;
  }
}
