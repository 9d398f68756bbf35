import { KMSServiceException } from '@aws-sdk/client-kms';
import type { WorkerEvent } from '../../../orchestrator/contract';

export const ACCOUNT_ID = '111122223333';
export const EXECUTION_ARN = 'arn:aws:states:eu-west-1:999988887777:execution:StepEverywhere:run-42';
export const WORKER_ROLE_ARN = 'arn:aws:iam::999988887777:role/StepEverywhere_Inventory-role';
export const KEY_ARN = 'arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const RESULT_KEY = `StepEverywhere/StepEverywhere_Inventory/$LATEST/run-42/${ACCOUNT_ID}/eu-west-1.json`;
export const CIPHERTEXT = Buffer.from('ciphertext-bytes').toString('base64');

export const ENCRYPTION_CONTEXT = {
  'stepeverywhere:execution': EXECUTION_ARN,
  'stepeverywhere:account': ACCOUNT_ID,
  'stepeverywhere:recipient': WORKER_ROLE_ARN,
};

type Overrides = Partial<Omit<WorkerEvent, 'Credentials'>> & { Credentials?: Partial<WorkerEvent['Credentials']> };

export function workerEvent(overrides: Overrides = {}): WorkerEvent {
  const { Credentials: credentials, ...rest } = overrides;
  return {
    AccountId: ACCOUNT_ID,
    AccountName: 'workloads-prod',
    Region: 'eu-west-1',
    Credentials: {
      Ciphertext: CIPHERTEXT,
      KeyId: KEY_ARN,
      EncryptionContext: { ...ENCRYPTION_CONTEXT },
      Expiration: '2099-01-01T00:00:00.000Z',
      ...credentials,
    },
    Payload: { StackNamePrefix: 'StepEverywhere-' },
    ResultLocation: { Bucket: 'results-bucket', Key: RESULT_KEY },
    ExecutionId: EXECUTION_ARN,
    Polling: { Poll: 0 },
    ...rest,
  };
}

/** What the credentials function encrypted: a member session as JSON. */
export function sessionPlaintext(expiration = '2099-01-01T00:00:00.000Z'): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      AccessKeyId: 'ASIAMEMBERKEY',
      SecretAccessKey: 'member-secret',
      SessionToken: 'member-token',
      Expiration: expiration,
    }),
  );
}

export function kmsError(name: string, fault: 'client' | 'server' = 'client', message = `${name} from KMS`): KMSServiceException {
  return new KMSServiceException({ name, $fault: fault, $metadata: {}, message });
}
