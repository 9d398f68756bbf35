import * as fs from 'fs';
import * as path from 'path';
import { runCommand } from '../../cli/commands/run';
import { loadReport } from '../../cli/commands/show';
import { processDeps } from '../../cli/deps';
import { renderHtmlReport } from '../../cli/html-report';
import { DEFAULT_MEMBER_ROLE_NAME } from '../../orchestrator/contract';
import { sessionName } from '../../orchestrator/credentials/session-name';
import { startEmbeddedCloud } from '../cloud';
import { listSessions } from '../identity/sessions';
import { DEMO_FAULT, demoOrganization } from './organization';
import { prepareLocalCloud } from './prepare';

export { DEMO_EMAIL, DEMO_REGION } from './prepare';
export const DEMO_WORKER = 'StepEverywhere_inventory';
/** The example deployment `npm start` runs with the CloudFormation deployer. */
export const DEMO_DEPLOYMENT = path.join(__dirname, '..', '..', 'deployments', 'alerts.yaml');
const DEMO_TEMPLATE = path.join(__dirname, '..', '..', 'templates', 'alerts-topic.yaml');

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
  // Workers that poll (the deployer waits 5 s between looks at a stack) run on a 20x faster clock.
  const cloud = await startEmbeddedCloud({ stateDir, port: options.port ?? 0, organization: org, log: () => undefined, waitScale: 0.05 });
  try {
    print(`endpoint ${cloud.endpoint}; organization ${org.id}: ${org.accounts.length - 1} member accounts`);
    const { where, active } = await prepareLocalCloud(cloud, org, stateDir, print);

    step(`Run ${DEMO_WORKER} in every account and region (a fault is injected in ${DEMO_FAULT.account} ${DEMO_FAULT.region}; tolerance 1)`);
    const deploymentFile = path.join(stateDir, 'demo-inventory.yaml');
    const regions = Object.keys(org.accounts.find((a) => a.id === org.managementAccountId)!.regions);
    fs.writeFileSync(
      deploymentFile,
      [`name: inventory`, `worker: ${DEMO_WORKER}`, `regions: [${regions.join(', ')}]`, `tolerance:`, `  count: 1`, ''].join('\n'),
    );
    const executionName = `demo-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}Z`;
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

    step(`Deploy ${path.relative(process.cwd(), DEMO_TEMPLATE)} everywhere with the CloudFormation deployer (${path.relative(process.cwd(), DEMO_DEPLOYMENT)}, in waves)`);
    const deployed = await runCommand({ file: DEMO_DEPLOYMENT, interval: '0.5', ...where }, deps);
    print(`Run it again and every stack is NO_CHANGE; edit the template and its stacks are updated.`);
    return Math.max(code, deployed);
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
