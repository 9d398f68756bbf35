import { AwsError } from '../../protocols/aws-error';
import { aliasesOf, aliasKey, resolveKey } from '../../services/kms/keys';
import { requiredText, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';

const TYPE = 'AWS::KMS::Alias';

async function point(properties: Properties, context: ProviderContext, creating: boolean): Promise<ResourceState> {
  const aliasName = requiredText(properties, 'AliasName', TYPE);
  if (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(aliasName) || aliasName.startsWith('alias/aws/')) {
    throw new AwsError('InvalidAliasNameException', `AliasName "${aliasName}" must be alias/ followed by letters, digits, /, _ or -, and must not start with alias/aws/.`, 400);
  }
  const key = await resolveKey(context.cloud.store, requiredText(properties, 'TargetKeyId', TYPE), context.accountId, context.region);
  const aliasArn = `arn:aws:kms:${context.region}:${context.accountId}:${aliasName}`;
  await context.authorize(creating ? 'kms:CreateAlias' : 'kms:UpdateAlias', aliasArn);
  let clash = false;
  await aliasesOf(context.cloud.store).update(aliasKey(context.accountId, context.region, aliasName), (current) => {
    clash = creating && current !== undefined;
    return clash ? current : { aliasName, aliasArn, targetKeyId: key.keyId, creationDate: current?.creationDate ?? context.cloud.now().toISOString() };
  });
  if (clash) throw new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`, 400);
  return { physicalId: aliasName, attributes: {} };
}

/** AWS::KMS::Alias: Ref is the alias name. */
export const kmsAliasProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['AliasName'],
  create: (properties, context) => point(properties, context, true),
  update: (properties, _previous, context) => point(properties, context, false),
  delete: async (existing, context) => {
    await context.authorize('kms:DeleteAlias', `arn:aws:kms:${context.region}:${context.accountId}:${existing.physicalId}`);
    await aliasesOf(context.cloud.store).delete(aliasKey(context.accountId, context.region, existing.physicalId));
  },
};
