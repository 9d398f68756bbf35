import { checkKeyPolicy, defaultKeyPolicy, keysOf, newKey, type KeyRecord } from '../../services/kms/keys';
import { validationError } from '../errors';
import { booleanOf, documentText, optionalText, type Properties, type ResourceProvider, type ResourceState } from '../provider';

const TYPE = 'AWS::KMS::Key';

function policyOf(properties: Properties, accountId: string): string {
  const text = properties.KeyPolicy === undefined ? defaultKeyPolicy(accountId) : documentText(properties.KeyPolicy, 'KeyPolicy', TYPE);
  checkKeyPolicy(text);
  return text;
}

function checkSpec(properties: Properties): void {
  const spec = optionalText(properties, 'KeySpec', TYPE) ?? 'SYMMETRIC_DEFAULT';
  const usage = optionalText(properties, 'KeyUsage', TYPE) ?? 'ENCRYPT_DECRYPT';
  if (spec !== 'SYMMETRIC_DEFAULT' || usage !== 'ENCRYPT_DECRYPT') {
    throw validationError(`Properties validation failed for resource of type ${TYPE}: the local KMS makes symmetric encryption keys only; leave KeySpec (${spec}) and KeyUsage (${usage}) out.`);
  }
  if (properties.EnableKeyRotation !== undefined && typeof properties.EnableKeyRotation !== 'boolean' && properties.EnableKeyRotation !== 'true' && properties.EnableKeyRotation !== 'false') {
    throw validationError(`Properties validation failed for resource of type ${TYPE}: EnableKeyRotation must be true or false.`);
  }
}

function stateOf(key: KeyRecord): ResourceState {
  return { physicalId: key.keyId, attributes: { Arn: key.arn, KeyId: key.keyId } };
}

/**
 * AWS::KMS::Key: Ref is the key id; GetAtt Arn, KeyId. Deleting disables the key, as KMS's
 * scheduled deletion makes it unusable at once.
 */
export const kmsKeyProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['KeySpec', 'KeyUsage', 'MultiRegion'],
  create: async (properties, context) => {
    checkSpec(properties);
    await context.authorize('kms:CreateKey', '*');
    const key = newKey(context.accountId, context.region, optionalText(properties, 'Description', TYPE) ?? '', policyOf(properties, context.accountId), context.cloud.now());
    const enabled = properties.Enabled === undefined ? true : booleanOf(properties.Enabled);
    const stored = { ...key, enabled };
    await keysOf(context.cloud.store).put(key.arn, stored);
    return stateOf(stored);
  },
  update: async (properties, previous, context) => {
    checkSpec(properties);
    const arn = String(previous.attributes.Arn);
    await context.authorize('kms:PutKeyPolicy', arn);
    const policy = policyOf(properties, context.accountId);
    const updated = await keysOf(context.cloud.store).update(arn, (current) =>
      current && { ...current, policy, description: optionalText(properties, 'Description', TYPE) ?? '', enabled: properties.Enabled === undefined ? true : booleanOf(properties.Enabled) },
    );
    if (!updated) throw validationError(`Key ${arn} no longer exists; it cannot be updated.`);
    return stateOf(updated);
  },
  delete: async (existing, context) => {
    const arn = String(existing.attributes.Arn);
    await context.authorize('kms:ScheduleKeyDeletion', arn);
    await keysOf(context.cloud.store).update(arn, (current) => current && { ...current, enabled: false });
  },
};
