import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, DEFAULT_OPERATOR, type LocalCloud } from '../../../../local/server';
import type { CallerIdentity, ServiceRequest } from '../../../../local/services/service';
import { ssmService } from '../../../../local/services/ssm/ssm-service';

let local: LocalCloud;
let dir: string;

const OPERATOR: CallerIdentity = { accountId: '111111111111', principalArn: 'arn:aws:iam::111111111111:user/operator', arn: 'arn:aws:iam::111111111111:user/operator', accessKeyId: DEFAULT_OPERATOR.accessKeyId };
const STRANGER: CallerIdentity = { accountId: '111111111111', principalArn: 'arn:aws:iam::111111111111:user/nobody', arn: 'arn:aws:iam::111111111111:user/nobody', accessKeyId: 'AKIANOBODYNOPOLICIES' };

function call(action: string, input: Record<string, unknown>, caller = OPERATOR) {
  const request: ServiceRequest = { service: 'ssm', region: 'eu-west-1', action, input, method: 'POST', path: '/', query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0), caller };
  return ssmService(local.cloud).handle(request);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'se-ssm-'));
  local = await startLocalCloud({ port: 0, stateDir: dir, log: () => undefined });
});

afterAll(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ssm parameter store', () => {
  it('puts and reads a parameter; a second put needs Overwrite', async () => {
    // Act
    await call('PutParameter', { Name: '/cdk-bootstrap/hnb659fds/version', Value: '30', Type: 'String' });
    const read = await call('GetParameter', { Name: '/cdk-bootstrap/hnb659fds/version' });
    const again = await call('PutParameter', { Name: '/cdk-bootstrap/hnb659fds/version', Value: '31' }).catch((error: Error) => error);

    // Assess
    expect(read.output?.Parameter).toMatchObject({ Name: '/cdk-bootstrap/hnb659fds/version', Value: '30', Version: 1 });
    expect(again).toMatchObject({ code: 'ParameterAlreadyExists' });
  });

  it('answers ParameterNotFound for a missing parameter and lists it as invalid in GetParameters', async () => {
    // Act
    const missing = await call('GetParameter', { Name: '/missing' }).catch((error: Error) => error);
    const many = await call('GetParameters', { Names: ['/missing'] });

    // Assess
    expect(missing).toMatchObject({ code: 'ParameterNotFound', message: 'Parameter /missing not found.' });
    expect(many.output?.InvalidParameters).toEqual(['/missing']);
  });

  it('refuses a bad Type naming the allowed ones, and a caller without permission', async () => {
    // Act
    const badType = await call('PutParameter', { Name: '/x', Value: 'v', Type: 'Blob' }).catch((error: Error) => error);
    const denied = await call('GetParameter', { Name: '/cdk-bootstrap/hnb659fds/version' }, STRANGER).catch((error: Error) => error);

    // Assess
    expect(badType).toMatchObject({ code: 'ValidationException', message: 'Type "Blob" must be String, StringList or SecureString.' });
    expect(denied).toMatchObject({ code: 'AccessDeniedException' });
  });
});
