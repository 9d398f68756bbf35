import * as fs from 'fs';
import * as path from 'path';
import { ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { AppStacks } from '../../bin/app-stacks';
import { bootstrapAccounts } from '../../member-role/bootstrap';
import { OrchestratorOutputs } from '../../orchestrator/contract';
import { deployCloudAssembly, type DeployResult } from '../cloudformation/cloud-assembly';
import { DEFAULT_OPERATOR, userArn } from '../identity/users';
import type { Organization } from '../org/model';
import type { LocalCloud } from '../server';
import { ACCOUNT_ACCESS_ROLE, provisionAccountAccessRoles } from './organization';
import { synthesizeApp } from './synthesize';

export const DEMO_REGION = 'us-east-1';
export const DEMO_EMAIL = 'oncall@example.com';

/** Where the deployed orchestrator is, as the CLI's `--state-machine` / `--bucket` take it. */
export interface OrchestratorPlace {
  readonly stateMachine: string;
  readonly bucket: string;
}

export interface PreparedCloud {
  readonly deployed: DeployResult;
  readonly where: OrchestratorPlace;
  /** ACTIVE member accounts, each bootstrapped with the member role. */
  readonly active: string[];
  readonly assemblyDir: string;
}

/** Points the SDK in this process at the local cloud, as the operator. */
export function useLocalCloud(cloud: LocalCloud, region = DEMO_REGION): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_OPERATOR.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_OPERATOR.secretAccessKey,
    AWS_REGION: region,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

/**
 * Everything a run needs on a fresh (or reused) local cloud, as a platform team would do it on
 * AWS: synthesize the app, deploy the orchestrator stack, bootstrap the member role into every
 * ACTIVE member account, subscribe an address to the summary topic.
 */
export async function prepareLocalCloud(cloud: LocalCloud, org: Organization, stateDir: string, print: (line: string) => void): Promise<PreparedCloud> {
  const step = (text: string) => print(`\n== ${text}`);
  useLocalCloud(cloud);
  await provisionAccountAccessRoles(cloud.store, org);

  step('Synthesize the app (cdk synth, in process)');
  const assemblyDir = synthesizeApp(path.join(stateDir, 'cdk.out'));

  step('Deploy the orchestrator stack');
  const operator = { accountId: DEFAULT_OPERATOR.accountId, principalArn: userArn(DEFAULT_OPERATOR), arn: userArn(DEFAULT_OPERATOR), accessKeyId: DEFAULT_OPERATOR.accessKeyId };
  const deployed = await deployCloudAssembly(cloud.cloud, {
    assemblyDir,
    stackName: AppStacks.ORCHESTRATOR,
    accountId: org.managementAccountId,
    region: DEMO_REGION,
    caller: operator,
  });
  print(`${AppStacks.ORCHESTRATOR}: ${deployed.status}${deployed.changed ? '' : ' (no changes)'}`);
  if (!['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(deployed.status)) {
    throw new Error(`the orchestrator stack ended ${deployed.status}: ${deployed.statusReason ?? 'see its events'}`);
  }

  step('Bootstrap the member role into every active member account');
  const active = org.accounts.filter((a) => a.id !== org.managementAccountId && a.state === 'ACTIVE').map((a) => a.id);
  const results = await bootstrapAccounts({
    accountIds: active,
    accessRoleName: ACCOUNT_ACCESS_ROLE,
    stackName: AppStacks.MEMBER_ROLE,
    templateBody: fs.readFileSync(path.join(assemblyDir, `${AppStacks.MEMBER_ROLE}.template.json`), 'utf8'),
    parameters: { CredentialsRoleArn: deployed.outputs[OrchestratorOutputs.CREDENTIALS_ROLE_ARN], OrganizationId: org.id },
    region: DEMO_REGION,
    pollSeconds: 0.2,
  });
  const failed = results.filter((r) => !['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(r.status));
  print(`${results.length - failed.length}/${results.length} accounts have ${AppStacks.MEMBER_ROLE}`);
  for (const f of failed) print(`  ${f.accountId}: ${f.status} ${f.reason ?? ''}`);

  await subscribeEmail(deployed.outputs[OrchestratorOutputs.TOPIC_ARN]);
  print(`${DEMO_EMAIL} subscribed to the summary topic (email delivers to ${path.relative(process.cwd(), path.join(stateDir, 'outbox'))}/)`);
  return {
    deployed,
    where: { stateMachine: deployed.outputs[OrchestratorOutputs.STATE_MACHINE_ARN], bucket: deployed.outputs[OrchestratorOutputs.RESULTS_BUCKET] },
    active,
    assemblyDir,
  };
}

async function subscribeEmail(topicArn: string | undefined): Promise<void> {
  if (!topicArn) throw new Error('the orchestrator stack has no notification topic output');
  const sns = new SNSClient({});
  const existing = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  if (existing.Subscriptions?.some((s) => s.Endpoint === DEMO_EMAIL)) return;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: DEMO_EMAIL }));
}
