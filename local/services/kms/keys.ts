import { randomUUID } from 'node:crypto';
import { AwsError } from '../../protocols/aws-error';
import { parsePolicyDocument, type PolicyDocument } from '../../authorize/policy';
import type { Store } from '../../store/store';
import { newKeyMaterial } from './envelope';

/** A customer managed symmetric key, as kept on disk (material included, so a restart can still decrypt). */
export interface KeyRecord {
  readonly keyId: string;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly description: string;
  readonly policy: string;
  /** Base64 AES-256 key material. */
  readonly material: string;
  readonly creationDate: string;
  readonly enabled: boolean;
}

export interface AliasRecord {
  readonly aliasName: string;
  readonly aliasArn: string;
  readonly targetKeyId: string;
  readonly creationDate: string;
}

const KEYS = 'kms-keys';
const ALIASES = 'kms-aliases';

export function keysOf(store: Store) {
  return store.namespace<KeyRecord>(KEYS);
}

export function aliasesOf(store: Store) {
  return store.namespace<AliasRecord>(ALIASES);
}

export function aliasKey(accountId: string, region: string, aliasName: string): string {
  return `${accountId}/${region}/${aliasName}`;
}

/** What KMS writes when CreateKey is given no policy: the account (and so its IAM policies) may use the key. */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  });
}

/** Checks a key policy the way KMS refuses one: MalformedPolicyDocumentException naming the problem. */
export function checkKeyPolicy(text: unknown): PolicyDocument {
  if (typeof text !== 'string' || text === '') throw new AwsError('ValidationException', 'Policy must be a JSON key policy document (a string).', 400);
  if (Buffer.byteLength(text) > 32_768) throw new AwsError('MalformedPolicyDocumentException', 'Policy is larger than 32 KB, the most a key policy may be.', 400);
  try {
    return parsePolicyDocument(text, 'resource', 'Policy');
  } catch (error) {
    if (error instanceof AwsError) throw new AwsError('MalformedPolicyDocumentException', error.message, 400);
    throw error;
  }
}

export function newKey(accountId: string, region: string, description: string, policy: string, now: Date): KeyRecord {
  const keyId = randomUUID();
  return {
    keyId,
    arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`,
    accountId,
    region,
    description,
    policy,
    material: newKeyMaterial().toString('base64'),
    creationDate: now.toISOString(),
    enabled: true,
  };
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

/**
 * Finds the key a KeyId names: a key id, key ARN, alias name or alias ARN. Bare ids and alias
 * names are looked up in the caller's account and the request's region, as KMS does.
 */
export async function resolveKey(store: Store, keyId: unknown, callerAccount: string, region: string): Promise<KeyRecord> {
  if (typeof keyId !== 'string' || keyId === '') {
    throw new AwsError('ValidationException', 'KeyId is required: give a key id, key ARN, alias name (alias/…) or alias ARN.', 400);
  }
  let arn: string;
  const aliasArn = ALIAS_ARN.exec(keyId);
  if (keyId.startsWith('alias/') || aliasArn) {
    const [account, aliasRegion, name] = aliasArn ? [aliasArn[2] as string, aliasArn[1] as string, aliasArn[3] as string] : [callerAccount, region, keyId];
    const alias = await aliasesOf(store).get(aliasKey(account, aliasRegion, name));
    if (!alias) throw new AwsError('NotFoundException', `Alias arn:aws:kms:${aliasRegion}:${account}:${name} is not found.`, 400);
    arn = `arn:aws:kms:${aliasRegion}:${account}:key/${alias.targetKeyId}`;
  } else if (KEY_ARN.test(keyId)) {
    arn = keyId;
  } else if (/^[0-9a-f-]{36}$/.test(keyId)) {
    arn = `arn:aws:kms:${region}:${callerAccount}:key/${keyId}`;
  } else {
    throw new AwsError('NotFoundException', `Invalid keyId '${keyId}': give a key id, key ARN, alias name (alias/…) or alias ARN.`, 400);
  }
  const key = await keysOf(store).get(arn);
  if (!key) throw new AwsError('NotFoundException', `Key '${arn}' does not exist`, 400);
  return key;
}

export function keyMetadata(key: KeyRecord): Record<string, unknown> {
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.creationDate),
    Enabled: key.enabled,
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.enabled ? 'Enabled' : 'Disabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  };
}
