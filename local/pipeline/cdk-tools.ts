import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { requireAllowed } from '../authorize/authorizer';
import { registerAsset } from '../cloudformation/assets';
import { deployCloudAssembly, DEPLOYED_STATUSES } from '../cloudformation/cloud-assembly';
import { callerOfSession, RoleSessions } from '../lambda/role-sessions';
import { s3Service } from '../services/s3/s3-service';
import type { CallerIdentity } from '../services/service';
import { assumeRoleForTool } from './credentials';
import type { BuildSession } from './build-sessions';
import { zipDirectory } from './zip';

export interface ToolResult {
  readonly code: number;
  readonly output: string;
}

function substitute(text: string, accountId: string, region: string): string {
  return text.replace(/\$\{AWS::Partition\}/g, 'aws').replace(/\$\{AWS::AccountId\}/g, accountId).replace(/\$\{AWS::Region\}/g, region);
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
}

/** Runs `cdk` or `cdk-assets` for a build; a wrong call answers exit 2 with what to write instead. */
export async function runTool(session: BuildSession, tool: string, args: readonly string[], cwd: string): Promise<ToolResult> {
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);
  try {
    const code = tool === 'cdk' ? await cdk(session, args, cwd, print) : tool === 'cdk-assets' ? await cdkAssets(session, args, cwd, print) : usage(print, `unknown tool ${tool}`);
    return { code, output: lines.map((l) => `${l}\n`).join('') };
  } catch (error) {
    print(`${tool} (local cloud): ${error instanceof Error ? error.message : String(error)}`);
    return { code: 1, output: lines.map((l) => `${l}\n`).join('') };
  }
}

function usage(print: (line: string) => void, problem: string): number {
  print(`local cloud: ${problem}. Supported: cdk -a <cloud assembly dir> deploy <stack>... [--require-approval=never]; cdk-assets --path <x.assets.json> publish <asset>[:<destination>]...`);
  return 2;
}

/**
 * `cdk -a <assembly> deploy <Stack>...`: as the CDK CLI does, assumes the stack's deploy role with
 * the build's credentials, checks that role may pass the CloudFormation execution role, publishes
 * the stack's file assets (its template among them) and deploys the already-synthesized stack
 * with the execution role's authority.
 */
async function cdk(session: BuildSession, args: readonly string[], cwd: string, print: (line: string) => void): Promise<number> {
  let app: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-a' || arg === '--app') app = args[++i];
    else if (arg.startsWith('--app=')) app = arg.slice('--app='.length);
    else if (!arg.startsWith('-')) positional.push(arg);
  }
  const [command, ...stacks] = positional;
  if (command !== 'deploy') return usage(print, `cdk ${command ?? ''} is not served`);
  if (app === undefined || stacks.length === 0) return usage(print, 'cdk deploy needs -a <cloud assembly dir> and the stack names');
  const assemblyDir = path.resolve(cwd, app);
  const manifest = await readJson(path.join(assemblyDir, 'manifest.json')).catch(() => {
    throw new Error(`-a ${app}: no manifest.json there; the local cdk deploys an already-synthesized cloud assembly (cdk.out)`);
  });
  const artifacts = (manifest.artifacts ?? {}) as Record<string, { type?: string; environment?: string; properties?: Record<string, unknown> }>;
  for (const stackName of stacks) {
    const artifact = artifacts[stackName];
    if (artifact?.type !== 'aws:cloudformation:stack') throw new Error(`${stackName} is not a stack of the cloud assembly ${app}`);
    const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '') ?? [];
    const accountId = account && account !== 'unknown-account' ? account : session.accountId;
    const stackRegion = region && region !== 'unknown-region' ? region : session.region;
    const properties = artifact.properties ?? {};
    let deployer = session.identity;
    if (typeof properties.assumeRoleArn === 'string') {
      deployer = await assumeRoleForTool(session.cloud, session.identity.caller, substitute(properties.assumeRoleArn, accountId, stackRegion), `cdk-deploy-${stackName}`);
    }
    let caller = deployer.caller;
    if (typeof properties.cloudFormationExecutionRoleArn === 'string') {
      const execRole = substitute(properties.cloudFormationExecutionRoleArn, accountId, stackRegion);
      await requireAllowed(session.cloud.authorize, { caller: deployer.caller, action: 'iam:PassRole', resource: execRole, region: stackRegion, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
      caller = callerOfSession(await new RoleSessions(session.cloud, 'cloudformation.amazonaws.com').sessionFor(execRole, 'AWSCloudFormation'));
    }
    // As the CDK CLI does, the stack's file assets (its template among them) go up before it deploys.
    const assets = artifacts[`${stackName}.assets`];
    if (assets?.type === 'cdk:asset-manifest' && typeof assets.properties?.file === 'string') await publishFileAssets(session, path.join(assemblyDir, String(assets.properties?.file)), [], { accountId, region: stackRegion }, print);
    print(`${stackName}: deploying... (as ${caller.arn})`);
    const result = await deployCloudAssembly(session.cloud, { assemblyDir, stackName, accountId, region: stackRegion, caller });
    for (const event of result.events) print(`${stackName} | ${event.ResourceStatus} | ${event.ResourceType} | ${event.LogicalResourceId}${event.ResourceStatusReason ? ` | ${event.ResourceStatusReason}` : ''}`);
    if (!DEPLOYED_STATUSES.has(result.status)) {
      print(`${stackName} failed: ${result.status}${result.statusReason ? `: ${result.statusReason}` : ''}`);
      return 1;
    }
    print(` ✅  ${stackName}${result.changed ? '' : ' (no changes)'}`);
  }
  return 0;
}

/**
 * `cdk-assets --path <manifest> publish <id>[:<destination>]`: publishes the selected file assets
 * (every one when none is named) to the build's account and region; see publishFileAssets.
 */
async function cdkAssets(session: BuildSession, args: readonly string[], cwd: string, print: (line: string) => void): Promise<number> {
  let manifestPath: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--path' || arg === '-p') manifestPath = args[++i];
    else if (!arg.startsWith('-')) positional.push(arg);
  }
  const [command, ...selectors] = positional;
  if (command !== 'publish' || manifestPath === undefined) return usage(print, 'cdk-assets needs --path <manifest> publish');
  await publishFileAssets(session, path.resolve(cwd, manifestPath), selectors, { accountId: session.accountId, region: session.region }, print);
  return 0;
}

type FileAssets = Record<string, { source?: { path?: string; packaging?: string }; destinations?: Record<string, Record<string, string>> }>;

/**
 * As the destination's publishing role (assumed with the build's credentials), puts each selected
 * file asset into its bucket and key through the local S3 (a `file` as its bytes, a `zip`
 * directory as a zip archive of it), so the S3 service's own authorization decides and
 * s3:GetObject reads it back. It also copies the asset out of the build's workspace into the
 * state folder and registers it there, so AWS::Lambda::Function code resolves to the directory.
 */
async function publishFileAssets(session: BuildSession, file: string, selectors: readonly string[], env: { accountId: string; region: string }, print: (line: string) => void): Promise<void> {
  const manifest = await readJson(file);
  const files = (manifest.files ?? {}) as FileAssets;
  if (manifest.dockerImages && Object.keys(manifest.dockerImages as object).length > 0 && selectors.some((s) => (manifest.dockerImages as Record<string, unknown>)[s.split(':')[0] as string])) {
    throw new Error('docker image assets are not served by the local cloud');
  }
  const fill = (text: string) => substitute(text, env.accountId, env.region);
  for (const selector of selectors.length > 0 ? selectors : Object.keys(files)) {
    const [id, destinationId] = selector.split(':') as [string, string | undefined];
    const asset = files[id];
    if (!asset?.source?.path) throw new Error(`${path.basename(file)} has no file asset ${id}`);
    const source = path.resolve(path.dirname(file), asset.source.path);
    const packaging = asset.source.packaging === 'zip' ? 'zip' : 'file';
    const body = await objectBodyOf(source, packaging);
    const kept = path.join(session.assetsDir, id);
    await fs.rm(kept, { recursive: true, force: true });
    await fs.mkdir(path.dirname(kept), { recursive: true });
    await fs.cp(source, kept, { recursive: true });
    for (const [name, destination] of Object.entries(asset.destinations ?? {})) {
      if (destinationId !== undefined && name !== destinationId) continue;
      const bucket = fill(String(destination.bucketName));
      const key = fill(String(destination.objectKey));
      let publisher = session.identity;
      if (destination.assumeRoleArn) publisher = await assumeRoleForTool(session.cloud, session.identity.caller, fill(destination.assumeRoleArn), 'cdk-assets');
      await putAssetObject(session, publisher.caller, bucket, key, body, packaging === 'zip' ? 'application/zip' : contentTypeOf(source));
      await registerAsset(session.cloud.store, { bucket, key, path: kept, packaging });
      print(`[100%] success: Published ${id}:${name} to s3://${bucket}/${key}`);
    }
  }
}

/** What cdk-assets uploads: a file as it is; a directory of a `zip` asset as a zip archive of it. */
async function objectBodyOf(source: string, packaging: 'zip' | 'file'): Promise<Buffer> {
  const stat = await fs.stat(source).catch(() => {
    throw new Error(`asset source ${source} does not exist; synthesize the cloud assembly again`);
  });
  if (stat.isDirectory()) {
    if (packaging !== 'zip') throw new Error(`asset source ${source} is a directory, so its packaging must be zip, not file`);
    return zipDirectory(source);
  }
  return fs.readFile(source);
}

function contentTypeOf(file: string): string {
  return file.endsWith('.json') ? 'application/json' : 'binary/octet-stream';
}

/**
 * PutObject through the local S3 service itself, as the given caller: its IAM policies and the
 * bucket's policy decide, and the object is stored as any PutObject stores it.
 */
async function putAssetObject(session: BuildSession, caller: CallerIdentity, bucket: string, key: string, body: Buffer, contentType: string): Promise<void> {
  const objectPath = `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  try {
    await s3Service(session.cloud).handle({
      service: 's3',
      region: session.region,
      action: 'PutObject',
      input: {},
      method: 'PUT',
      path: objectPath,
      query: new URLSearchParams(),
      headers: { 'content-type': contentType, 'content-length': String(body.length) },
      body,
      caller,
      cloud: session.cloud,
    });
  } catch (error) {
    // The tool's output shows the message; S3's code says which kind of refusal it was.
    if (error instanceof Error && 'code' in error) throw new Error(`s3://${bucket}/${key}: ${String(error.code)}: ${error.message}`);
    throw error;
  }
}
