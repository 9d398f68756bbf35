import * as fs from 'fs';
import * as path from 'path';
import { ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { bootstrapAccounts } from '../../member-role/bootstrap';
import { AppStacks } from '../../bin/app-stacks';
import { OrchestratorOutputs } from '../../orchestrator/contract';
import { runCommand } from '../../cli/commands/run';
import { loadReport } from '../../cli/commands/show';
import { renderHtmlReport } from '../../cli/html-report';
import { DEFAULT_MEMBER_ROLE_NAME } from '../../orchestrator/contract';
import { sessionName } from '../../orchestrator/credentials/session-name';
import { listSessions } from '../identity/sessions';
import { processDeps } from '../../cli/deps';
import { startEmbeddedCloud } from '../cloud';
import { deployCloudAssembly } from '../cloudformation/cloud-assembly';
import { DEFAULT_OPERATOR, userArn } from '../identity/users';
import type { LocalCloud } from '../server';
import { ACCOUNT_ACCESS_ROLE, DEMO_FAULT, demoOrganization, provisionAccountAccessRoles } from './organization';
import { synthesizeApp } from './synthesize';

export const DEMO_REGION = 'us-east-1';
export const DEMO_EMAIL = 'oncall@example.com';
export const DEMO_WORKER = 'StepEverywhere_inventory';

export interface DemoOptions {
  /** Where the cloud keeps its state, the synthesized app and the reports. */
  readonly stateDir: string;
  /** @default 0: a free port */
  readonly port?: number;
  readonly print: (line: string) => void;
}

/**
 * `npm start`: the whole product on the embedded cloud. Boots the cloud with the default
 * organization (one injected fault), deploys the synthesized orchestrator stack, bootstraps the
 * member role into every active account, and runs the inventory worker across the organization
 * through the CLI's own `run`. Returns the run's exit code.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const { print } = options;
  const stateDir = path.resolve(options.stateDir);
  const org = demoOrganization();
  const step = (text: string) => print(`\n== ${text}`);

  step(`Local cloud (state in ${path.relative(process.cwd(), stateDir) || '.'})`);
  const cloud = await startEmbeddedCloud({ stateDir, port: options.port ?? 0, organization: org, log: () => undefined });
  try {
    useLocalCloud(cloud);
    print(`endpoint ${cloud.endpoint}; organization ${org.id}: ${org.accounts.length - 1} member accounts`);
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

    step(`Run ${DEMO_WORKER} in every account and region (a fault is injected in ${DEMO_FAULT.account} ${DEMO_FAULT.region}; tolerance 1)`);
    const deploymentFile = path.join(stateDir, 'demo-inventory.yaml');
    const regions = Object.keys(org.accounts.find((a) => a.id === org.managementAccountId)!.regions);
    fs.writeFileSync(
      deploymentFile,
      [`name: inventory`, `worker: ${DEMO_WORKER}`, `regions: [${regions.join(', ')}]`, `tolerance:`, `  count: 1`, ''].join('\n'),
    );
    const executionName = `demo-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}Z`;
    const where = { stateMachine: deployed.outputs[OrchestratorOutputs.STATE_MACHINE_ARN], bucket: deployed.outputs[OrchestratorOutputs.RESULTS_BUCKET] };
    const deps = processDeps();
    const code = await runCommand({ file: deploymentFile, name: executionName, interval: '0.5', ...where }, deps);

    step('What happened');
    const assumed = (await listSessions(cloud.store)).filter((session) => session.roleName === DEFAULT_MEMBER_ROLE_NAME && session.sessionName === sessionName(executionName));
    print(`AssumeRole of the member role in this run: ${assumed.length} (active member accounts: ${active.length})`);
    const email = latestEmailAbout(path.join(stateDir, 'outbox'), executionName);
    print(`summary email: ${email ? path.relative(process.cwd(), email) : 'none found in the outbox'}`);
    const report = path.join(stateDir, 'report.html');
    fs.writeFileSync(report, renderHtmlReport(await loadReport('results', executionName, where, deps)));
    print(`HTML report:   ${path.relative(process.cwd(), report)}`);
    return code;
  } finally {
    await cloud.close();
  }
}

/** The newest `.eml` in the outbox that names the execution. */
function latestEmailAbout(outbox: string, executionName: string): string | undefined {
  if (!fs.existsSync(outbox)) return undefined;
  return fs
    .readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .reverse()
    .map((f) => path.join(outbox, f))
    .find((file) => fs.readFileSync(file, 'utf8').includes(executionName));
}

/** Points the SDK in this process at the local cloud, as the operator. */
function useLocalCloud(cloud: LocalCloud): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_OPERATOR.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_OPERATOR.secretAccessKey,
    AWS_REGION: DEMO_REGION,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

async function subscribeEmail(topicArn: string | undefined): Promise<void> {
  if (!topicArn) throw new Error('the orchestrator stack has no notification topic output');
  const sns = new SNSClient({});
  const existing = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  if (existing.Subscriptions?.some((s) => s.Endpoint === DEMO_EMAIL)) return;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: DEMO_EMAIL }));
}
