import * as fs from 'fs';
import * as path from 'path';
import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { loadReport, showCommand } from '../../cli/commands/show';
import { processDeps } from '../../cli/deps';
import { renderHtmlReport } from '../../cli/html-report';
import { DEFAULT_MEMBER_ROLE_NAME } from '../../orchestrator/contract';
import { sessionName } from '../../orchestrator/credentials/session-name';
import { startEmbeddedCloud } from '../cloud';
import { listSessions } from '../identity/sessions';
import { DEMO_FAULT, demoOrganization } from './organization';
import { awaitNewExecutions, deploymentRunsOf, ensurePipeline, failedActionsOf, ensureRepository, knownExecutions, push, releaseChange, remoteHead, type PipelinePlace } from './pipeline-flow';
import { shortProgressLine } from './progress-line';
import { DEMO_REGION, prepareLocalCloud } from './prepare';
import { cloneUserRepository, createUserRepository, hasUncommittedChanges } from './user-repository';

export { DEMO_EMAIL, DEMO_REGION } from './prepare';
/** The CodeCommit repository `npm start` pushes the example repository to. */
export const DEMO_REPOSITORY = 'step-everywhere';
/** A pipeline run (synth with npm ci and npm test, deploy, two deployments) takes about a minute here. */
const RUN_TIMEOUT_MS = 15 * 60_000;

export interface DemoOptions {
  /** Where the cloud keeps its state, the synthesized app, the repository and the reports. */
  readonly stateDir: string;
  /** @default 0: a free port */
  readonly port?: number;
  readonly print: (line: string) => void;
}

/**
 * `npm start`: the whole product on the embedded cloud, through its front door. Boots the cloud
 * with the default organization (one injected fault), deploys the orchestrator and bootstraps
 * the member role into every active account (once), makes a platform team's repository from
 * the example (the app, a template, two deployment files), pushes it to a CodeCommit
 * repository, deploys the self-mutating pipeline (once), and follows the run the push starts:
 * synth, self-mutation, the orchestrator deployed, each deployment fanned out. Returns 0 when
 * the pipeline run succeeded.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const { print } = options;
  const stateDir = path.resolve(options.stateDir);
  const org = demoOrganization();
  const step = (text: string) => print(`\n== ${text}`);

  step(`Local cloud (state in ${relative(stateDir)})`);
  // Workers that poll (the deployer waits 5 s between looks at a stack) run on a 20x faster clock.
  const cloud = await startEmbeddedCloud({ stateDir, port: options.port ?? 0, organization: org, log: () => undefined, waitScale: 0.05, onPipelineProgress: (line) => print(`  ${shortProgressLine(line)}`) });
  try {
    print(`endpoint ${cloud.endpoint}; organization ${org.id}: ${org.accounts.length - 1} member accounts (a fault is injected in ${DEMO_FAULT.account} ${DEMO_FAULT.region})`);
    const { where, active } = await prepareLocalCloud(cloud, org, stateDir, print);
    const place: PipelinePlace = { accountId: org.managementAccountId, region: DEMO_REGION, repositoryName: DEMO_REPOSITORY, workTree: path.join(stateDir, 'repository') };
    const codepipeline = new CodePipelineClient({});

    step(`The platform team's repository (work tree ${relative(place.workTree)})`);
    const repository = await ensureRepository(new CodeCommitClient({}), place.repositoryName);
    print(`CodeCommit repository ${place.repositoryName}: ${repository.cloneUrl}`);
    if (fs.existsSync(path.join(place.workTree, '.git'))) print('work tree kept as you left it');
    else if (await remoteHead(repository.cloneUrl)) {
      await cloneUserRepository(repository.cloneUrl, place.workTree);
      print('work tree cloned from the repository, which already holds commits');
    }
    else {
      await createUserRepository(place.workTree);
      print('work tree made from the example: the app, templates/alerts-topic.yaml, deployments/inventory.yaml and deployments/alerts.yaml');
    }
    if (await hasUncommittedChanges(place.workTree)) print('uncommitted changes in the work tree are not pushed: git commit them first');
    const known = await knownExecutions(codepipeline);
    const moved = await push(place.workTree, repository);
    print(moved ? 'git push: main updated' : 'git push: nothing new on main');

    step('The pipeline');
    const created = await ensurePipeline(cloud, place, path.join(stateDir, 'pipeline.out'));
    if (created) print('StepEverywherePipeline deployed (cdk deploy, once); CodePipeline starts a run on creation');
    else if (moved) print('the push starts a run');
    else print(`release change: started ${await releaseChange(codepipeline)}`);
    const run = await awaitNewExecutions(codepipeline, known, { timeoutMs: RUN_TIMEOUT_MS });
    for (const execution of run.executions) print(`pipeline execution ${execution.pipelineExecutionId}: ${execution.status}${execution.statusSummary ? ` (${execution.statusSummary})` : ''}`);
    for (const failed of await failedActionsOf(codepipeline, run.final.pipelineExecutionId!)) print(`${failed.stage}/${failed.action} failed: ${failed.message ?? 'no message'}`);

    step('What the deployments did');
    const deps = processDeps();
    const runs = await deploymentRunsOf(codepipeline, run.final.pipelineExecutionId!);
    for (const deployment of runs) {
      print(`\n-- ${deployment.deployment} (${deployment.stage}): ${deployment.status}`);
      if (deployment.executionArn) await showCommand('results', deployment.executionArn, where, deps).catch((error: unknown) => print(error instanceof Error ? error.message : String(error)));
      else if (deployment.message) print(deployment.message);
    }
    const inventory = runs.find((r) => r.deployment === 'inventory' && r.executionArn);
    if (inventory?.executionArn) {
      const executionName = inventory.executionArn.split(':').pop()!;
      const assumed = (await listSessions(cloud.store)).filter((s) => s.roleName === DEFAULT_MEMBER_ROLE_NAME && s.sessionName === sessionName(executionName));
      print(`\nAssumeRole of the member role by the inventory run: ${assumed.length} (active member accounts: ${active.length})`);
      const report = path.join(stateDir, 'report.html');
      fs.writeFileSync(report, renderHtmlReport(await loadReport('results', inventory.executionArn, where, deps)));
      print(`HTML report of the inventory run: ${relative(report)}`);
    }
    print(`summary emails: ${relative(path.join(stateDir, 'outbox'))}/`);

    step('Change it');
    print(`cd ${relative(place.workTree)}, edit templates/ or deployments/, git commit, then`);
    print(`  git push ${repository.cloneUrl} HEAD:main   (while \`npm run local\` serves the cloud, the push starts the pipeline)`);
    print('  or run `npm start` again: it pushes what you committed and follows the run.');
    return run.final.status === 'Succeeded' ? 0 : 1;
  } finally {
    await cloud.close();
  }
}

function relative(file: string): string {
  return path.relative(process.cwd(), file) || '.';
}
