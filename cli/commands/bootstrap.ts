import * as fs from 'fs';
import * as path from 'path';
import { DescribeOrganizationCommand, OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { bootstrapAccounts, type BootstrapResult } from '../../member-role/bootstrap';
import type { CliDeps } from '../deps';
import { CliError, ExitCodes, type ExitCode } from '../errors';
import { OrchestratorLocator } from '../orchestrator-location';

/** Stack names the app synthesizes for other accounts (see bin/app-stacks.ts). */
const MEMBER_STACK = 'StepEverywhereMember';
const ORG_READER_STACK = 'StepEverywhereOrgReader';
const OK = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

export interface BootstrapOptions {
  /** Comma-separated account ids. @default every ACTIVE account of the organization but this one */
  readonly accounts?: string;
  /** @default OrganizationAccountAccessRole */
  readonly accessRole?: string;
  /** The synthesized cloud assembly. @default cdk.out */
  readonly assembly?: string;
  /** Also deploy the org-reader role into the management account. */
  readonly orgReader?: boolean;
  readonly concurrency?: string;
}

/**
 * `bootstrap`: deploys the synthesized member-role template into member accounts through
 * each account's administrative role (and, with --org-reader, the org-reader template into
 * the management account), wired to the deployed orchestrator's roles.
 */
export async function bootstrapCommand(options: BootstrapOptions, deps: CliDeps): Promise<ExitCode> {
  const assembly = options.assembly ?? 'cdk.out';
  const template = (stack: string) => {
    const file = path.join(assembly, `${stack}.template.json`);
    if (!fs.existsSync(file)) throw new CliError(`${file} does not exist — run \`npm run synth\` first, or pass --assembly <cdk.out folder>`);
    return deps.readFile(file);
  };
  const accessRoleName = options.accessRole ?? 'OrganizationAccountAccessRole';
  const concurrency = options.concurrency === undefined ? 8 : Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new CliError(`--concurrency ${JSON.stringify(options.concurrency)} is not a whole number >= 1 — give e.g. 8`);
  const accountIds = options.accounts?.split(',').map((a) => a.trim()).filter(Boolean);
  for (const id of accountIds ?? []) {
    if (!/^\d{12}$/.test(id)) throw new CliError(`--accounts: "${id}" is not a 12-digit account id`);
  }

  const { cfn } = deps.clients();
  const locator = new OrchestratorLocator(cfn, {}, deps.env);
  const credentialsRoleArn = await locator.requireRoleArn('credentialsRoleArn');
  const organizations = new OrganizationsClient({});
  const org = (await organizations.send(new DescribeOrganizationCommand({}))).Organization;
  if (!org?.Id || !org.MasterAccountId) throw new CliError('this account is not in an organization — bootstrap needs AWS Organizations');
  const hostAccount = credentialsRoleArn.split(':')[4];
  const targets = accountIds ?? (await activeAccounts(organizations, hostAccount));
  const region = await cfn.config.region();
  const report = (r: BootstrapResult) => deps.stdout.write(`${r.accountId}  ${r.status}${r.reason ? `  ${r.reason}` : ''}\n`);

  deps.stdout.write(`deploying ${MEMBER_STACK} into ${targets.length} account(s) through ${accessRoleName}\n`);
  const results = await bootstrapAccounts({
    accountIds: targets,
    accessRoleName,
    stackName: MEMBER_STACK,
    templateBody: template(MEMBER_STACK),
    parameters: { CredentialsRoleArn: credentialsRoleArn, OrganizationId: org.Id },
    region,
    concurrency,
    onAccount: report,
  });
  if (options.orgReader) {
    deps.stdout.write(`deploying ${ORG_READER_STACK} into the management account ${org.MasterAccountId}\n`);
    results.push(
      ...(await bootstrapAccounts({
        accountIds: [org.MasterAccountId],
        accessRoleName,
        stackName: ORG_READER_STACK,
        templateBody: template(ORG_READER_STACK),
        parameters: { PlanRoleArn: await locator.requireRoleArn('planRoleArn'), OrganizationId: org.Id },
        region,
        onAccount: report,
      })),
    );
  }
  const failed = results.filter((r) => !OK.has(r.status));
  deps.stdout.write(`${results.length - failed.length}/${results.length} deployed${failed.length ? `; ${failed.length} failed (above)` : ''}\n`);
  return failed.length ? ExitCodes.FAILED : ExitCodes.OK;
}

async function activeAccounts(organizations: OrganizationsClient, hostAccount: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListAccounts({ client: organizations }, {})) {
    for (const a of page.Accounts ?? []) {
      const state = a.State ?? a.Status;
      if (a.Id && a.Id !== hostAccount && state === 'ACTIVE') ids.push(a.Id);
    }
  }
  return ids.sort();
}
