import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, InvalidCiphertextException, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, DEFAULT_OPERATOR, type LocalCloud } from '../../../../local/server';
import { kmsService } from '../../../../local/services/kms/kms-service';

let local: LocalCloud;
let dir: string;

function client(): KMSClient {
  return new KMSClient({ endpoint: local.endpoint, region: 'eu-west-1', credentials: DEFAULT_OPERATOR, maxAttempts: 1 });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'se-kms-'));
  local = await startLocalCloud({ port: 0, stateDir: dir, services: [kmsService], log: () => undefined });
});

afterAll(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kms over HTTP with the SDK', () => {
  it('creates a key and an alias, encrypts by alias and decrypts with the same context only', async () => {
    // Prepare
    const kms = client();
    const key = await kms.send(new CreateKeyCommand({ Description: 'credentials' }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/sdk', TargetKeyId: key.KeyMetadata?.KeyId }));
    const context = { 'stepeverywhere:execution': 'arn:aws:states:eu-west-1:111111111111:execution:sm:run' };

    // Act
    const encrypted = await kms.send(new EncryptCommand({ KeyId: 'alias/sdk', Plaintext: Buffer.from('{"AccessKeyId":"ASIA"}'), EncryptionContext: context }));
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: context }));
    const refused = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { other: 'x' } })).catch((error: unknown) => error);
    const aliases = await kms.send(new ListAliasesCommand({}));

    // Assess
    expect(key.KeyMetadata?.CreationDate).toBeInstanceOf(Date);
    expect(encrypted.KeyId).toBe(key.KeyMetadata?.Arn);
    expect(Buffer.from(decrypted.Plaintext ?? new Uint8Array()).toString()).toBe('{"AccessKeyId":"ASIA"}');
    expect(refused).toBeInstanceOf(InvalidCiphertextException);
    expect(aliases.Aliases?.map((alias) => alias.AliasName)).toEqual(['alias/sdk']);
  });
});
