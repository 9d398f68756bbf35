import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DescribeStacksCommand, CloudFormationClient, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runCommand } from '../../../cli/commands/run';
import { loadReport } from '../../../cli/commands/show';
import { processDeps, type CliDeps } from '../../../cli/deps';
import type { ExecutionReport as Report } from '../../../cli/report';
import { startEmbeddedCloud, type EmbeddedCloud } from '../../../local/cloud';
import { ACCOUNT_ACCESS_ROLE } from '../../../local/demo/organization';
import { DEMO_REGION, prepareLocalCloud, type OrchestratorPlace } from '../../../local/demo/prepare';
import { defaultOrganization } from '../../../local/org/generate';
import type { Organization } from '../../../local/org/model';
import { s3ClientConfig } from '../../../orchestrator/sdk/s3-client-config';
import { decodeQuotedPrintable } from '../../support/outbox';

/** The default organization, its orchestrator deployed and every member bootstrapped, on a fast clock. */
export interface DeployerWorld {
  readonly cloud: EmbeddedCloud;
  readonly org: Organization;
  readonly dir: string;
  readonly where: OrchestratorPlace;
  /** Runs a deployment file through the CLI's run; answers the exit code and the report. */
  run(name: string, deployment: string, files?: Record<string, string>): Promise<{ code: number; report: Report; output: string }>;
  /** A member account's stack, read through its administrative role. */
  stack(accountId: string, region: string, stackName: string): Promise<{ status?: string; changeSets: number } | undefined>;
  /** The result object a target wrote. */
  result(report: Report, accountId: string, region: string): Promise<Record<string, unknown>>;
  emailsAbout(executionName: string): string[];
  close(): Promise<void>;
}

class Captured {
  public text = '';
  public readonly isTTY = false;
  public write(text: string): boolean {
    this.text += text;
    return true;
  }
}

export async function startDeployerWorld(): Promise<DeployerWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-deployer-'));
  const org = defaultOrganization();
  const cloud = await startEmbeddedCloud({ stateDir: dir, port: 0, organization: org, waitScale: 0.02, log: () => undefined });
  const { where } = await prepareLocalCloud(cloud, org, dir, () => undefined);
  let runs = 0;

  const memberClient = async (accountId: string, region: string): Promise<CloudFormationClient> => {
    const assumed = await new STSClient({}).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ACCOUNT_ACCESS_ROLE}`, RoleSessionName: 'test' }));
    const c = assumed.Credentials!;
    return new CloudFormationClient({ region, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
  };

  return {
    cloud,
    org,
    dir,
    where,
    async run(name, deployment, files = {}) {
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
      const file = path.join(dir, `${name}.yaml`);
      fs.writeFileSync(file, deployment);
      const out = new Captured();
      const deps: CliDeps = { ...processDeps(), stdout: out, stderr: out };
      const executionName = `${name}-${++runs}`;
      const code = await runCommand({ file, name: executionName, interval: '0.2', ...where }, deps);
      const report = await loadReport('results', executionName, where, deps);
      return { code, report, output: out.text };
    },
    async stack(accountId, region, stackName) {
      const cfn = await memberClient(accountId, region);
      try {
        const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
        const changeSets = (await cfn.send(new ListChangeSetsCommand({ StackName: stackName }))).Summaries?.length ?? 0;
        return { status: stack?.StackStatus, changeSets };
      } catch (error) {
        if (/does not exist/.test((error as Error).message)) return undefined;
        throw error;
      }
    },
    async result(report, accountId, region) {
      const target = report.summary?.targets.find((t) => t.accountId === accountId && t.region === region);
      if (!target?.result) throw new Error(`no result for ${accountId} ${region}`);
      const [bucket, ...key] = target.result.replace('s3://', '').split('/');
      const object = await new S3Client(s3ClientConfig()).send(new GetObjectCommand({ Bucket: bucket, Key: key.join('/') }));
      return JSON.parse(await object.Body!.transformToString()) as Record<string, unknown>;
    },
    emailsAbout(executionName) {
      const outbox = path.join(dir, 'outbox');
      if (!fs.existsSync(outbox)) return [];
      return fs
        .readdirSync(outbox)
        .map((f) => decodeQuotedPrintable(fs.readFileSync(path.join(outbox, f), 'utf8')))
        .filter((text) => text.includes(executionName));
    },
    close: () => cloud.close(),
  };
}

export { DEMO_REGION };
