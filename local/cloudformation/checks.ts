import { get as httpGet } from 'node:http';
import { AwsError } from '../protocols/aws-error';
import { requireAllowed } from '../authorize/authorizer';
import { findRoleByArn } from '../services/iam/roles';
import { BLOBS, objectsOf } from '../services/s3/buckets';
import type { CallerIdentity, CloudContext } from '../services/service';
import { validationError } from './errors';
import type { PreparedTemplate } from './prepare';
import type { ResourceProvider } from './provider';
import { isRecord } from './template';

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

export function checkStackName(name: string): string {
  if (!STACK_NAME.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]* and be at most 128 characters`,
    );
  }
  return name;
}

/** Every resource type must have a provider: unknown ones are refused before anything is created. */
export function checkResourceTypes(prepared: PreparedTemplate, providers: ReadonlyMap<string, ResourceProvider>): void {
  const unknown = [...new Set(Object.values(prepared.template.Resources).map((r) => r.Type).filter((type) => !providers.has(type)))];
  if (unknown.length > 0) {
    throw validationError(`Template format error: Unrecognized resource types: [${unknown.join(', ')}] (the local cloud provides: ${[...providers.keys()].sort().join(', ')})`);
  }
}

/** IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM, as CloudFormation requires. */
export function checkCapabilities(prepared: PreparedTemplate, providers: ReadonlyMap<string, ResourceProvider>, capabilities: readonly string[]): void {
  let needed: string | undefined;
  for (const logicalId of prepared.order) {
    const resource = prepared.template.Resources[logicalId];
    const iam = resource ? providers.get(resource.Type)?.iam : undefined;
    if (!iam) continue;
    const named = iam.nameProperty !== undefined && isRecord(resource?.Properties) && resource.Properties[iam.nameProperty] !== undefined;
    if (named) needed = 'CAPABILITY_NAMED_IAM';
    else needed ??= 'CAPABILITY_IAM';
  }
  if (needed === undefined) return;
  const granted = needed === 'CAPABILITY_IAM' ? capabilities.includes('CAPABILITY_IAM') || capabilities.includes('CAPABILITY_NAMED_IAM') : capabilities.includes(needed);
  if (!granted) throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${needed}]`, 400);
}

/**
 * The identity a stack acts as: its service role (RoleARN) when it has one, else the caller.
 * The role must exist and trust CloudFormation.
 */
export async function operatingIdentity(cloud: CloudContext, caller: CallerIdentity, roleArn: string | undefined): Promise<CallerIdentity> {
  if (roleArn === undefined) return caller;
  const role = await findRoleByArn(cloud.store, roleArn);
  const trust = role ? (JSON.parse(role.assumeRolePolicyDocument) as { Statement?: unknown }) : undefined;
  const statements = trust ? (Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement]) : [];
  const trusts = statements.some((statement) => {
    if (!isRecord(statement) || statement.Effect !== 'Allow' || !isRecord(statement.Principal)) return false;
    const services = statement.Principal.Service;
    return (Array.isArray(services) ? services : [services]).includes('cloudformation.amazonaws.com');
  });
  if (!role || !trusts) throw validationError(`Role ${roleArn} is invalid or cannot be assumed`);
  return {
    accountId: role.accountId,
    principalArn: role.arn,
    arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/AWSCloudFormation`,
    // Not a key of any user, so the identity's policies are the role's.
    accessKeyId: `cloudformation:${role.roleId}`,
    userId: `${role.roleId}:AWSCloudFormation`,
  };
}

/** Passing a service role needs iam:PassRole on it by the caller. */
export async function checkPassRole(cloud: CloudContext, caller: CallerIdentity, roleArn: string, region: string): Promise<void> {
  await requireAllowed(cloud.authorize, {
    caller,
    action: 'iam:PassRole',
    resource: roleArn,
    region,
    context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
  });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const NO_ACCESS = 'TemplateURL must reference a valid S3 object to which you have access.';

/**
 * A presigned URL is fetched as AWS CloudFormation fetches it: through S3, which checks the
 * signature, its expiry and the signer's permission, whoever the caller is. Only the local
 * cloud's own loopback endpoint is fetched (path-style, or virtual-hosted on `<bucket>.localhost`,
 * sent to the loopback address with the signed Host kept); nothing leaves the machine.
 */
async function readPresignedUrl(url: URL): Promise<string> {
  const virtualHosted = url.hostname.endsWith('.localhost');
  if (url.protocol !== 'http:' || (!LOOPBACK.has(url.hostname) && !virtualHosted)) {
    throw validationError(`${NO_ACCESS} ${url.origin} is not the local cloud's endpoint: the local CloudFormation fetches presigned URLs of its own S3 only (sign with the S3 client's endpoint set to the local cloud).`);
  }
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpGet(
      { host: virtualHosted ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, ''), port: url.port || 80, path: `${url.pathname}${url.search}`, headers: { host: url.host } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  }).catch((error: unknown) => {
    throw validationError(`${NO_ACCESS} (the local S3 at ${url.host} did not answer: ${error instanceof Error ? error.message : String(error)})`);
  });
  if (answer.status !== 200) {
    const code = /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1];
    throw validationError(`${NO_ACCESS} (S3 answered ${answer.status}${code === undefined ? '' : ` ${code}`} to the presigned URL: it has expired, was altered, or its signer may not read the object.)`);
  }
  return answer.body;
}

/** TemplateURL: an object of the local S3 (path-style or virtual-hosted URL), read as the caller, or as the signer of a presigned URL. */
export async function readTemplateUrl(cloud: CloudContext, caller: CallerIdentity, url: string, region: string): Promise<string> {
  const presigned = presignedUrl(url);
  if (presigned) return readPresignedUrl(presigned);
  const location = parseS3Url(url);
  if (!location) {
    throw validationError(`TemplateURL must be an Amazon S3 URL (https://<bucket>.s3.amazonaws.com/<key> or https://s3.amazonaws.com/<bucket>/<key>); got ${url}`);
  }
  await requireAllowed(cloud.authorize, { caller, action: 's3:GetObject', resource: `arn:aws:s3:::${location.bucket}/${location.key}`, region }).catch(() => {
    throw validationError(`Access Denied reading TemplateURL ${url}: the caller needs s3:GetObject on it.`);
  });
  const object = await objectsOf(cloud.store, location.bucket).get(location.key);
  const body = object ? await cloud.store.getBlob(BLOBS, object.blob) : undefined;
  if (!body) throw validationError(`TemplateURL must reference a valid S3 object to which you have access: ${url} does not exist.`);
  return body.toString('utf8');
}

function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const path = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const hosted = /^([a-z0-9][a-z0-9.-]+)\.s3[.-]/.exec(parsed.hostname);
  if (hosted) return path === '' ? undefined : { bucket: hosted[1] as string, key: path };
  const slash = path.indexOf('/');
  return slash > 0 ? { bucket: path.slice(0, slash), key: path.slice(slash + 1) } : undefined;
}

function presignedUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.searchParams.has('X-Amz-Signature') ? parsed : undefined;
  } catch {
    return undefined;
  }
}
