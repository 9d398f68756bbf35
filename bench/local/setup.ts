import * as fs from 'fs';
import * as path from 'path';
import { bootstrapAccounts } from '../../member-role/bootstrap';
import { ORCHESTRATOR_STACK_NAME, OrchestratorOutputs } from '../../orchestrator/contract';
import { startEmbeddedCloud } from '../../local/cloud';
import { deployCloudAssembly } from '../../local/cloudformation/cloud-assembly';
import { ACCOUNT_ACCESS_ROLE, provisionAccountAccessRoles } from '../../local/demo/organization';
import { DEFAULT_OPERATOR, userArn } from '../../local/identity/users';
import { generateOrganization } from '../../local/org/generate';
import type { Organization } from '../../local/org/model';
import type { LocalCloud } from '../../local/server';

/** Where the bench deploys the orchestrator (the hub account's home region). */
export const BENCH_REGION = 'us-east-1';
/** The member-role stack's name in the synthesized app (bin/app-stacks.ts), read without loading the CDK. */
const MEMBER_ROLE_STACK = 'StepEverywhereMember';

export interface BenchCloudOptions {
  readonly accounts: number;
  readonly regions: number;
  /** Empty folder for the cloud's state and the synthesized app. */
  readonly stateDir: string;
  /** The synthesized app (see synthesize-app.ts). */
  readonly assemblyDir: string;
  /** Member accounts bootstrapped at once. @default 64 */
  readonly bootstrapConcurrency?: number;
  /** Progress lines (one per phase). */
  readonly print?: (line: string) => void;
}

export interface BenchCloud {
  readonly cloud: LocalCloud;
  readonly org: Organization;
  readonly regionNames: string[];
  readonly assemblyDir: string;
  readonly stateMachineArn: string;
  readonly bucket: string;
  readonly credentialsRoleArn: string;
  /** Seconds each preparation phase took, for the report. */
  readonly phases: Readonly<Record<string, number>>;
}

/**
 * A local cloud ready to run the product on a generated organization, prepared as a platform
 * team would on AWS: the app synthesized once, the orchestrator stack deployed from it, and the
 * synthesized member-role stack deployed into every member account through CloudFormation.
 */
export async function prepareBenchCloud(options: BenchCloudOptions): Promise<BenchCloud> {
  const print = options.print ?? (() => undefined);
  const phases: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = process.hrtime.bigint();
    try {
      return await work();
    } finally {
      phases[phase] = Number(process.hrtime.bigint() - started) / 1e9;
      print(`${phase}: ${phases[phase]?.toFixed(1)} s`);
    }
  };
  const org = generateOrganization({ accounts: options.accounts, regions: options.regions });
  const regionNames = Object.keys(org.accounts[0]?.regions ?? {});
  const cloud = await timed('boot the local cloud', () =>
    startEmbeddedCloud({ stateDir: options.stateDir, port: 0, organization: org, log: () => undefined, recordHistory: false }),
  );
  try {
    useLocalCloud(cloud);
    await timed('give members their account access role', () => provisionAccountAccessRoles(cloud.store, org));
    const { assemblyDir } = options;
    if (!fs.existsSync(path.join(assemblyDir, 'manifest.json'))) throw new Error(`assemblyDir ${assemblyDir} holds no synthesized app: run bench/local/synthesize-app.ts <dir> first`);
    const operator = { accountId: DEFAULT_OPERATOR.accountId, principalArn: userArn(DEFAULT_OPERATOR), arn: userArn(DEFAULT_OPERATOR), accessKeyId: DEFAULT_OPERATOR.accessKeyId };
    const deployed = await timed('deploy the orchestrator stack', () =>
      deployCloudAssembly(cloud.cloud, { assemblyDir, stackName: ORCHESTRATOR_STACK_NAME, accountId: org.managementAccountId, region: BENCH_REGION, caller: operator }),
    );
    if (!['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(deployed.status)) {
      throw new Error(`the orchestrator stack ended ${deployed.status}: ${deployed.statusReason ?? 'see its events'}`);
    }
    const credentialsRoleArn = requiredOutput(deployed.outputs, OrchestratorOutputs.CREDENTIALS_ROLE_ARN);
    const members = org.accounts.filter((a) => a.id !== org.managementAccountId).map((a) => a.id);
    const results = await timed(`bootstrap the member role into ${members.length} accounts`, () =>
      bootstrapAccounts({
        accountIds: members,
        accessRoleName: ACCOUNT_ACCESS_ROLE,
        stackName: MEMBER_ROLE_STACK,
        templateBody: fs.readFileSync(path.join(assemblyDir, `${MEMBER_ROLE_STACK}.template.json`), 'utf8'),
        parameters: { CredentialsRoleArn: credentialsRoleArn, OrganizationId: org.id },
        region: BENCH_REGION,
        concurrency: options.bootstrapConcurrency ?? 64,
        pollSeconds: 0.05,
      }),
    );
    const failed = results.filter((r) => !['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(r.status));
    if (failed.length > 0) {
      throw new Error(`${failed.length} member accounts have no member role, e.g. ${failed[0]?.accountId}: ${failed[0]?.status} ${failed[0]?.reason ?? ''}`);
    }
    return {
      cloud,
      org,
      regionNames,
      assemblyDir,
      stateMachineArn: requiredOutput(deployed.outputs, OrchestratorOutputs.STATE_MACHINE_ARN),
      bucket: requiredOutput(deployed.outputs, OrchestratorOutputs.RESULTS_BUCKET),
      credentialsRoleArn,
      phases,
    };
  } catch (error) {
    await cloud.close();
    throw error;
  }
}

/** Points the SDK in this process at the local cloud, as the operator (the hub's administrator). */
function useLocalCloud(cloud: LocalCloud): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_OPERATOR.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_OPERATOR.secretAccessKey,
    AWS_REGION: BENCH_REGION,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

function requiredOutput(outputs: Readonly<Record<string, string>>, name: string): string {
  const value = outputs[name];
  if (value === undefined) throw new Error(`the orchestrator stack has no ${name} output`);
  return value;
}
