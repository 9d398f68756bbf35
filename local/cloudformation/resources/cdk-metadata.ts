import { randomUUID } from 'node:crypto';
import type { ResourceProvider } from '../provider';

/** AWS::CDK::Metadata: CDK's analytics record; accepted, nothing is provisioned for it. */
export const cdkMetadataProvider: ResourceProvider = {
  type: 'AWS::CDK::Metadata',
  create: async () => ({ physicalId: randomUUID(), attributes: {} }),
  update: async (_properties, previous) => ({ physicalId: previous.physicalId, attributes: {} }),
  delete: async () => undefined,
};
