import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { serveLocalCloud } from '../../../local/demo/serve';
import { DEFAULT_OPERATOR } from '../../../local/identity/users';

describe('npm run local (serveLocalCloud)', () => {
  it('serves the default organization to SDK clients and prints how to reach it', async () => {
    // Prepare
    const lines: string[] = [];
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-serve-'));
    const cloud = await serveLocalCloud({ stateDir, port: 0, print: (line) => lines.push(line) });
    const config = {
      endpoint: cloud.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: DEFAULT_OPERATOR.accessKeyId, secretAccessKey: DEFAULT_OPERATOR.secretAccessKey },
    };
    try {
      // Act
      const who = await new STSClient(config).send(new GetCallerIdentityCommand({}));
      const firstPage = await new OrganizationsClient(config).send(new ListAccountsCommand({}));

      // Assess
      expect(who.Account).toBe(DEFAULT_OPERATOR.accountId);
      expect(firstPage.Accounts).toHaveLength(20);
      expect(firstPage.NextToken).toBeDefined();
      expect(lines).toContain(`  export AWS_ENDPOINT_URL=${cloud.endpoint}`);
      expect(lines.some((l) => l.startsWith(`  aws --endpoint-url ${cloud.endpoint} `))).toBe(true);
    } finally {
      await cloud.close();
    }
  });

  it('refuses a wrong secret for the operator key', async () => {
    // Prepare
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-serve-'));
    const cloud = await serveLocalCloud({ stateDir, port: 0, print: () => undefined });
    try {
      // Act
      const call = new STSClient({
        endpoint: cloud.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: DEFAULT_OPERATOR.accessKeyId, secretAccessKey: 'not-the-secret' },
      }).send(new GetCallerIdentityCommand({}));

      // Assess
      await expect(call).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    } finally {
      await cloud.close();
    }
  });
});
