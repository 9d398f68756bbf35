import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, LocalService, LocalServiceFactory } from '../service';
import { operations } from './operations';

export const KMS_TARGET_PREFIX = 'TrentService';

/**
 * AWS KMS (JSON 1.1): symmetric customer managed keys with real AES-256-GCM, key policies and
 * encryption contexts enforced as KMS enforces them. Keys and their material live in the store.
 */
export const kmsService: LocalServiceFactory = (cloud: CloudContext): LocalService => ({
  name: 'kms',
  protocol: 'json-1.1',
  targetPrefix: KMS_TARGET_PREFIX,
  handle: async (request) => {
    const operation = operations[request.action];
    if (!operation) {
      throw new AwsError('UnknownOperationException', `The local KMS does not serve ${request.action}; it serves: ${Object.keys(operations).join(', ')}.`, 400);
    }
    return operation(request, cloud);
  },
});
