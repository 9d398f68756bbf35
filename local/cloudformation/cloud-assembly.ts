import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CallerIdentity, CloudContext } from '../services/service';
import { engineOf } from '../services/cloudformation/cloudformation-service';
import { getParameter, putParameter } from '../services/ssm/parameters';
import { registerAsset } from './assets';
import { findStack, eventsOfStack, type StackEvent } from './state';
import { isRecord } from './template';
import { AwsError } from '../protocols/aws-error';

export interface DeployCloudAssemblyOptions {
  /** The `cdk.out` folder (`cdk synth -o <dir>`). */
  readonly assemblyDir: string;
  /** The stack's artifact id in manifest.json (usually its name). */
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  /** Who deploys: the stack's operations are authorized as this identity. */
  readonly caller: CallerIdentity;
  /** @default 10 minutes */
  readonly timeoutMs?: number;
}

export interface DeployResult {
  readonly stackId: string;
  readonly status: string;
  readonly statusReason?: string;
  /** False when the template and parameters were those already deployed. */
  readonly changed: boolean;
  readonly outputs: Readonly<Record<string, string>>;
  /** Events of this deployment, oldest first. */
  readonly events: readonly StackEvent[];
}

/** What `cdk bootstrap` writes today; templates require at least version 6. */
const BOOTSTRAP_VERSION = '30';
const DEFAULT_BOOTSTRAP_PARAMETER = '/cdk-bootstrap/hnb659fds/version';
const SUCCEEDED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

async function readJson(file: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(`${what} ${file} cannot be read: synthesize the app first (cdk synth -o <assemblyDir>).`);
  }
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed)) throw new Error(`${what} ${file} is not a JSON object.`);
  return parsed;
}

function substitute(text: string, accountId: string, region: string): string {
  return text.replace(/\$\{AWS::AccountId\}/g, accountId).replace(/\$\{AWS::Region\}/g, region).replace(/\$\{AWS::Partition\}/g, 'aws');
}

/** Registers every file asset of the stack at the bucket and key its template names for it. */
async function registerAssets(cloud: CloudContext, options: DeployCloudAssemblyOptions, artifacts: Record<string, unknown>): Promise<void> {
  const assetArtifact = Object.entries(artifacts).find(([, a]) => isRecord(a) && a.type === 'cdk:asset-manifest' && isRecord(a.properties) && String(a.properties.file).startsWith(`${options.stackName}.assets`));
  if (!assetArtifact) return;
  const file = String((assetArtifact[1] as { properties: { file: string } }).properties.file);
  const manifest = await readJson(path.join(options.assemblyDir, file), 'asset manifest');
  for (const [hash, asset] of Object.entries(isRecord(manifest.files) ? manifest.files : {})) {
    if (!isRecord(asset) || !isRecord(asset.source) || !isRecord(asset.destinations)) continue;
    const source = asset.source;
    if (typeof source.path !== 'string') throw new Error(`asset ${hash} has no source.path; only file assets built by cdk synth are supported.`);
    for (const destination of Object.values(asset.destinations)) {
      if (!isRecord(destination)) continue;
      await registerAsset(cloud.store, {
        bucket: substitute(String(destination.bucketName), options.accountId, options.region),
        key: substitute(String(destination.objectKey), options.accountId, options.region),
        path: path.resolve(options.assemblyDir, source.path),
        packaging: source.packaging === 'zip' ? 'zip' : 'file',
      });
    }
  }
}

/** The SSM parameter the template's BootstrapVersion parameter reads (CDK's default synthesizer). */
function bootstrapParameterOf(template: Record<string, unknown>): string | undefined {
  const parameters = isRecord(template.Parameters) ? template.Parameters : {};
  const bootstrap = parameters.BootstrapVersion;
  if (!isRecord(bootstrap)) return undefined;
  return typeof bootstrap.Default === 'string' ? bootstrap.Default : DEFAULT_BOOTSTRAP_PARAMETER;
}

/**
 * Deploys one stack of a synthesized CDK app as `cdk deploy` would: registers its file assets so
 * Lambda code resolves to the asset directories, provides the bootstrap version parameter, then
 * creates or updates the stack and waits for it to settle.
 */
export async function deployCloudAssembly(cloud: CloudContext, options: DeployCloudAssemblyOptions): Promise<DeployResult> {
  const manifest = await readJson(path.join(options.assemblyDir, 'manifest.json'), 'cloud assembly manifest');
  const artifacts = isRecord(manifest.artifacts) ? manifest.artifacts : {};
  const artifact = artifacts[options.stackName];
  if (!isRecord(artifact) || artifact.type !== 'aws:cloudformation:stack' || !isRecord(artifact.properties)) {
    const stacks = Object.entries(artifacts).filter(([, a]) => isRecord(a) && a.type === 'aws:cloudformation:stack').map(([id]) => id);
    throw new Error(`stackName "${options.stackName}" is not a stack of the cloud assembly in ${options.assemblyDir}; it has: ${stacks.join(', ') || 'none'}.`);
  }
  const properties = artifact.properties;
  const templateBody = await fs.readFile(path.join(options.assemblyDir, String(properties.templateFile)), 'utf8');
  const template = JSON.parse(templateBody) as Record<string, unknown>;
  await registerAssets(cloud, options, artifacts);
  const bootstrap = bootstrapParameterOf(template);
  if (bootstrap !== undefined && !(await getParameter(cloud.store, options.accountId, options.region, bootstrap))) {
    await putParameter(cloud.store, options.accountId, options.region, { name: bootstrap, value: BOOTSTRAP_VERSION }, cloud.now());
  }
  const engine = engineOf(cloud);
  const scope = { caller: { ...options.caller, accountId: options.accountId }, region: options.region };
  const stackName = typeof properties.stackName === 'string' ? properties.stackName : options.stackName;
  const parameters = Object.entries(isRecord(properties.parameters) ? properties.parameters : {}).map(([ParameterKey, value]) => ({ ParameterKey, ParameterValue: String(value) }));
  const input = { stackName, templateBody, parameters, capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] };
  const existing = await findStack(cloud.store, options.accountId, options.region, stackName);
  const seenBefore = existing ? (await eventsOfStack(cloud.store, existing.stackId)).length : 0;
  let changed = true;
  let stackId: string;
  if (existing && existing.status === 'ROLLBACK_COMPLETE') {
    // A stack that never got created can only be deleted, as cdk deploy does before trying again.
    await engine.deleteStack(scope, { stackName: existing.stackId });
    await settle(cloud, existing.stackId, options.timeoutMs);
    stackId = (await engine.createStack(scope, input)).stackId;
  } else if (existing) {
    try {
      stackId = (await engine.updateStack(scope, input)).stackId;
    } catch (error) {
      if (!(error instanceof AwsError && error.message === 'No updates are to be performed.')) throw error;
      changed = false;
      stackId = existing.stackId;
    }
  } else {
    stackId = (await engine.createStack(scope, input)).stackId;
  }
  const stack = await settle(cloud, stackId, options.timeoutMs);
  const all = await eventsOfStack(cloud.store, stackId);
  const events = all.slice(0, all.length - (existing?.stackId === stackId ? seenBefore : 0)).reverse();
  return {
    stackId,
    status: stack.status,
    ...(stack.statusReason === undefined ? {} : { statusReason: stack.statusReason }),
    changed,
    outputs: Object.fromEntries(stack.outputs.map((output) => [output.OutputKey, output.OutputValue])),
    events,
  };
}

async function settle(cloud: CloudContext, stackId: string, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stack = await findStack(cloud.store, stackId.split(':')[4] as string, stackId.split(':')[3] as string, stackId);
    if (!stack) throw new Error(`stack ${stackId} vanished while deploying`);
    if (!/_IN_PROGRESS$/.test(stack.status)) return stack;
    if (Date.now() > deadline) throw new Error(`stack ${stack.stackName} is still ${stack.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export { SUCCEEDED as DEPLOYED_STATUSES };
