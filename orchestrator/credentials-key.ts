import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EncryptionContextKeys } from './contract';

/**
 * Key administration without the power to use the key: no Encrypt, Decrypt, ReEncrypt,
 * GenerateDataKey or CreateGrant, so an account administrator cannot read credentials.
 */
const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

export interface CredentialsKeyProps {
  /** The only principal that may encrypt member credentials. */
  readonly encryptor: iam.IRole;
}

/**
 * The key member credentials are encrypted with. Its policy lets the encryptor encrypt
 * only with the full step-everywhere encryption context, and lets a principal of this
 * account decrypt only a ciphertext whose context names that principal as recipient.
 */
export class CredentialsKey extends Construct {
  public readonly key: kms.Key;

  public constructor(scope: Construct, id: string, props: CredentialsKeyProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    const contextKey = (name: string) => `kms:EncryptionContext:${name}`;
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'KeyAdministrationWithoutUse',
          principals: [new iam.AccountRootPrincipal()],
          actions: KEY_ADMIN_ACTIONS,
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'EncryptWithFullContext',
          principals: [new iam.ArnPrincipal(props.encryptor.roleArn)],
          actions: ['kms:Encrypt'],
          resources: ['*'],
          conditions: {
            Null: Object.fromEntries(Object.values(EncryptionContextKeys).map((k) => [contextKey(k), 'false'])),
          },
        }),
        new iam.PolicyStatement({
          sid: 'DecryptOnlyByRecipient',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              [contextKey(EncryptionContextKeys.RECIPIENT)]: '${aws:PrincipalArn}',
              'kms:CallerAccount': account,
            },
          },
        }),
      ],
    });
    this.key = new kms.Key(this, 'Key', {
      description: 'step-everywhere: encrypts member-account credentials for one recipient worker',
      enableKeyRotation: true,
      policy,
    });
  }
}
