import * as path from 'path';
import { startEmbeddedCloud } from '../cloud';
import { DEFAULT_OPERATOR } from '../identity/users';
import { defaultOrganization } from '../org/generate';
import { loadOrganization } from '../org/fixture';
import { DEFAULT_PORT, type LocalCloud } from '../server';
import { provisionAccountAccessRoles } from './organization';
import { shortProgressLine } from './progress-line';

export interface ServeOptions {
  readonly stateDir: string;
  /** @default DEFAULT_PORT (4599) */
  readonly port?: number;
  /** An organization fixture (YAML). @default the default organization */
  readonly organizationFile?: string;
  readonly print: (line: string) => void;
}

/**
 * `npm run local`: the embedded cloud on its documented port, serving until stopped, with
 * everything a user needs to point the AWS CLI or SDK at it.
 */
export async function serveLocalCloud(options: ServeOptions): Promise<LocalCloud> {
  const organization = options.organizationFile ? loadOrganization(options.organizationFile) : defaultOrganization();
  const cloud = await startEmbeddedCloud({
    stateDir: path.resolve(options.stateDir),
    port: options.port ?? DEFAULT_PORT,
    organization,
    // A push to a repository of this cloud starts its pipeline: show how the run goes.
    onPipelineProgress: (line) => options.print(shortProgressLine(line)),
  });
  await provisionAccountAccessRoles(cloud.store, organization);
  const { print } = options;
  print(`step-everywhere local cloud: ${cloud.endpoint}`);
  print(`state: ${path.resolve(options.stateDir)} (kept across restarts); email outbox: ${path.join(path.resolve(options.stateDir), 'outbox')}`);
  print(`organization ${organization.id}: ${organization.accounts.length} accounts, management account ${organization.managementAccountId}`);
  print('');
  print('Use it from a shell (the operator is an administrator of the management account):');
  print(`  export AWS_ENDPOINT_URL=${cloud.endpoint}`);
  print(`  export AWS_ACCESS_KEY_ID=${DEFAULT_OPERATOR.accessKeyId}`);
  print(`  export AWS_SECRET_ACCESS_KEY=${DEFAULT_OPERATOR.secretAccessKey}`);
  print('  export AWS_REGION=us-east-1');
  print(`  aws --endpoint-url ${cloud.endpoint} organizations list-accounts`);
  print('');
  print('Stop with Ctrl-C.');
  return cloud;
}
