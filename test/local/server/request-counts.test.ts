import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestCounts } from '../../../local/server/request-counts';
import type { LocalCloud } from '../../../local/server';
import { removeStateDir, startTestCloud, sts, tempStateDir } from './local-cloud-fixture';

describe('request counts', () => {
  it('counts per service and operation, and totals a service', () => {
    // Prepare
    const counts = new RequestCounts();

    // Act
    counts.add('kms', 'Encrypt');
    counts.add('kms', 'Decrypt');
    counts.add('kms', 'Decrypt');

    // Assess
    expect(counts.of('kms', 'Decrypt')).toBe(2);
    expect(counts.of('kms')).toBe(3);
    expect(counts.of('sts')).toBe(0);
    expect(counts.snapshot()).toEqual({ kms: { Encrypt: 1, Decrypt: 2 } });
  });

  describe('on the local cloud', () => {
    let dir: string;
    let cloud: LocalCloud;

    beforeEach(async () => {
      dir = tempStateDir();
      cloud = await startTestCloud(dir);
    });

    afterEach(async () => {
      await cloud.close();
      removeStateDir(dir);
    });

    it('counts authenticated requests, and not those refused before the caller is known', async () => {
      // Prepare
      const stranger = sts(cloud, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'nope' });

      // Act
      await sts(cloud).send(new GetCallerIdentityCommand({}));
      await sts(cloud).send(new GetCallerIdentityCommand({}));
      const refused = await stranger.send(new GetCallerIdentityCommand({})).catch((error: Error) => error);

      // Assess
      expect(refused).toBeInstanceOf(Error);
      expect(cloud.requests.snapshot()).toEqual({ sts: { GetCallerIdentity: 2 } });
    });
  });
});
