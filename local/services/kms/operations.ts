import { randomBytes } from 'node:crypto';
import { requireAllowed } from '../../authorize/authorizer';
import { AwsError } from '../../protocols/aws-error';
import { paginate, type PageLimits } from '../organizations/pages';
import type { CloudContext, ServiceRequest, ServiceResponse } from '../service';
import { open, parseBlob, seal, type EncryptionContext } from './envelope';
import { algorithmIn, blobIn, contextIn, dataKeyBytesIn, invalid, optionalString } from './input';
import { aliasesOf, aliasKey, checkKeyPolicy, defaultKeyPolicy, keyMetadata, keysOf, newKey, resolveKey, type KeyRecord } from './keys';

type Operation = (request: ServiceRequest, cloud: CloudContext) => Promise<ServiceResponse>;

const ALIAS_PAGE: PageLimits = { max: 100, default: 50, invalidCode: 'ValidationException', fields: { size: 'Limit', token: 'Marker' } };
/** KMS's limit on what Encrypt takes directly (bigger data is enveloped with a data key). */
const MAX_PLAINTEXT = 4096;
const MAX_CIPHERTEXT = 6144;

export const operations: Readonly<Record<string, Operation>> = {
  CreateKey: async (request, cloud) => {
    const { caller, input, region } = request;
    await allowed(cloud, request, 'CreateKey', '*', caller.accountId);
    const keyUsage = optionalString(input, 'KeyUsage') ?? 'ENCRYPT_DECRYPT';
    const keySpec = optionalString(input, 'KeySpec') ?? optionalString(input, 'CustomerMasterKeySpec') ?? 'SYMMETRIC_DEFAULT';
    if (keyUsage !== 'ENCRYPT_DECRYPT' || keySpec !== 'SYMMETRIC_DEFAULT') {
      throw invalid(`The local KMS makes symmetric encryption keys only: leave KeyUsage (${keyUsage}) and KeySpec (${keySpec}) out.`);
    }
    const policy = input.Policy === undefined ? defaultKeyPolicy(caller.accountId) : (input.Policy as string);
    const key = newKey(caller.accountId, region, optionalString(input, 'Description') ?? '', policy, cloud.now());
    await checkPolicyKeepsCallerIn(cloud, request, key, policy);
    await keysOf(cloud.store).put(key.arn, key);
    return { output: { KeyMetadata: keyMetadata(key) } };
  },
  DescribeKey: async (request, cloud) => {
    const key = await onKey(cloud, request, 'DescribeKey');
    return { output: { KeyMetadata: keyMetadata(key) } };
  },
  GetKeyPolicy: async (request, cloud) => {
    const key = await onKey(cloud, request, 'GetKeyPolicy');
    return { output: { Policy: key.policy, PolicyName: policyNameIn(request.input) } };
  },
  PutKeyPolicy: async (request, cloud) => {
    const key = await onKey(cloud, request, 'PutKeyPolicy');
    policyNameIn(request.input);
    const policy = request.input.Policy;
    await checkPolicyKeepsCallerIn(cloud, request, key, policy);
    await keysOf(cloud.store).update(key.arn, (current) => current && { ...current, policy: policy as string });
    return {};
  },
  CreateAlias: async (request, cloud) => {
    const { caller, input, region } = request;
    const aliasName = optionalString(input, 'AliasName') ?? '';
    if (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(aliasName) || aliasName.startsWith('alias/aws/')) {
      throw new AwsError('InvalidAliasNameException', `AliasName "${aliasName}" must be alias/ followed by letters, digits, /, _ or -, and must not start with alias/aws/.`, 400);
    }
    const aliasArn = `arn:aws:kms:${region}:${caller.accountId}:${aliasName}`;
    await allowed(cloud, request, 'CreateAlias', aliasArn, caller.accountId);
    const key = await onKey(cloud, { ...request, input: { KeyId: input.TargetKeyId } }, 'CreateAlias');
    if (key.accountId !== caller.accountId || key.region !== region) {
      throw invalid(`TargetKeyId must name a key in this account (${caller.accountId}) and region (${region}).`);
    }
    const record = { aliasName, aliasArn, targetKeyId: key.keyId, creationDate: cloud.now().toISOString() };
    await aliasesOf(cloud.store).update(aliasKey(caller.accountId, region, aliasName), (current) => {
      if (current) throw new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`, 400);
      return record;
    });
    return {};
  },
  ListAliases: async (request, cloud) => {
    const { caller, input, region } = request;
    await allowed(cloud, request, 'ListAliases', '*', caller.accountId);
    const keyFilter = input.KeyId === undefined ? undefined : await resolveKey(cloud.store, input.KeyId, caller.accountId, region);
    const prefix = aliasKey(caller.accountId, region, '');
    const aliases = (await aliasesOf(cloud.store).entries())
      .filter(([id, alias]) => id.startsWith(prefix) && (keyFilter === undefined || alias.targetKeyId === keyFilter.keyId))
      .map(([, alias]) => alias)
      .sort((a, b) => (a.aliasName < b.aliasName ? -1 : 1));
    const page = paginate(aliases, { scope: `ListAliases ${prefix} ${keyFilter?.keyId ?? ''}`, maxResults: input.Limit, nextToken: input.Marker }, ALIAS_PAGE);
    return {
      output: {
        Aliases: page.items.map((alias) => ({ AliasName: alias.aliasName, AliasArn: alias.aliasArn, TargetKeyId: alias.targetKeyId, CreationDate: new Date(alias.creationDate) })),
        Truncated: page.nextToken !== undefined,
        NextMarker: page.nextToken,
      },
    };
  },
  Encrypt: async (request, cloud) => {
    algorithmIn(request.input);
    const plaintext = blobIn(request.input, 'Plaintext', MAX_PLAINTEXT);
    const context = contextIn(request.input);
    const key = await onKey(cloud, request, 'Encrypt', context);
    return { output: { CiphertextBlob: sealWith(key, plaintext, context), KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } };
  },
  GenerateDataKey: async (request, cloud) => {
    const bytes = dataKeyBytesIn(request.input);
    const context = contextIn(request.input);
    const key = await onKey(cloud, request, 'GenerateDataKey', context);
    const plaintext = randomBytes(bytes);
    return { output: { CiphertextBlob: sealWith(key, plaintext, context), Plaintext: plaintext.toString('base64'), KeyId: key.arn } };
  },
  Decrypt: async (request, cloud) => {
    const { caller, input, region } = request;
    algorithmIn(input);
    const parsed = parseBlob(blobIn(input, 'CiphertextBlob', MAX_CIPHERTEXT));
    const context = contextIn(input);
    const key = await resolveKey(cloud.store, parsed.keyArn, caller.accountId, region);
    if (input.KeyId !== undefined) {
      const named = await resolveKey(cloud.store, input.KeyId, caller.accountId, region);
      if (named.arn !== key.arn) throw new AwsError('IncorrectKeyException', `The key ID in the request (${named.arn}) does not identify the key that encrypted the ciphertext.`, 400);
    }
    await authorizeOnKey(cloud, request, 'Decrypt', key, context);
    const plaintext = open(parsed, Buffer.from(key.material, 'base64'), context);
    return { output: { KeyId: key.arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } };
  },
};

function sealWith(key: KeyRecord, plaintext: Buffer, context: EncryptionContext): string {
  return seal(key.arn, Buffer.from(key.material, 'base64'), plaintext, context).toString('base64');
}

async function onKey(cloud: CloudContext, request: ServiceRequest, action: string, context?: EncryptionContext): Promise<KeyRecord> {
  const key = await resolveKey(cloud.store, request.input.KeyId, request.caller.accountId, request.region);
  await authorizeOnKey(cloud, request, action, key, context);
  return key;
}

/** The key policy decides, with the condition keys KMS adds to every request on a key. */
async function authorizeOnKey(cloud: CloudContext, request: ServiceRequest, action: string, key: KeyRecord, context?: EncryptionContext, policy = key.policy): Promise<void> {
  const contextKeys: Record<string, string | string[]> = {};
  if (context !== undefined) {
    for (const [name, value] of Object.entries(context)) contextKeys[`kms:EncryptionContext:${name}`] = value;
    if (Object.keys(context).length > 0) contextKeys['kms:EncryptionContextKeys'] = Object.keys(context);
    contextKeys['kms:EncryptionAlgorithm'] = 'SYMMETRIC_DEFAULT';
  }
  await requireAllowed(
    cloud.authorize,
    {
      caller: request.caller,
      action: `kms:${action}`,
      resource: key.arn,
      resourceAccount: key.accountId,
      resourcePolicy: JSON.parse(policy) as Record<string, unknown>,
      region: request.region,
      context: { 'kms:CallerAccount': request.caller.accountId, ...contextKeys },
    },
    { code: 'AccessDeniedException', status: 400 },
  );
}

async function allowed(cloud: CloudContext, request: ServiceRequest, action: string, resource: string, account: string): Promise<void> {
  await requireAllowed(
    cloud.authorize,
    { caller: request.caller, action: `kms:${action}`, resource, resourceAccount: account, region: request.region, context: { 'kms:CallerAccount': request.caller.accountId } },
    { code: 'AccessDeniedException', status: 400 },
  );
}

/** KMS's lockout safety check: a policy that would stop its author from changing it again is refused. */
async function checkPolicyKeepsCallerIn(cloud: CloudContext, request: ServiceRequest, key: KeyRecord, policy: unknown): Promise<void> {
  checkKeyPolicy(policy);
  if (request.input.BypassPolicyLockoutSafetyCheck === true) return;
  const decision = await cloud.authorize({
    caller: request.caller,
    action: 'kms:PutKeyPolicy',
    resource: key.arn,
    resourceAccount: key.accountId,
    resourcePolicy: JSON.parse(policy as string) as Record<string, unknown>,
    region: request.region,
    context: { 'kms:CallerAccount': request.caller.accountId },
  });
  if (!decision.allowed) {
    throw new AwsError(
      'MalformedPolicyDocumentException',
      `The new key policy will not allow you to update the key policy in the future: let ${request.caller.principalArn} (or its account root) call kms:PutKeyPolicy, or set BypassPolicyLockoutSafetyCheck.`,
      400,
    );
  }
}

function policyNameIn(input: Record<string, unknown>): string {
  const name = input.PolicyName ?? 'default';
  if (name !== 'default') throw invalid(`PolicyName ${JSON.stringify(name)} is not valid: the only key policy name is "default".`);
  return name;
}
