import { STSServiceException } from '@aws-sdk/client-sts';
import type { CredentialsEvent } from '../../../orchestrator/credentials';

export const ACCOUNT_ID = '111122223333';
export const HOST_ACCOUNT = '999988887777';
export const WORKER_ROLE_ARN = `arn:aws:iam::${HOST_ACCOUNT}:role/StepEverywhere_Inventory-role`;
export const EXECUTION_ARN = `arn:aws:states:eu-west-1:${HOST_ACCOUNT}:execution:StepEverywhere:run-42`;
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';
export const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN//////////wEaDHh1';

export function credentialsEvent(overrides: { Account?: object; Context?: object } = {}): CredentialsEvent {
  return {
    Account: { AccountId: ACCOUNT_ID, AccountName: 'workloads-prod', Regions: ['eu-west-1', 'us-east-1'], ...overrides.Account },
    Context: {
      ExecutionId: EXECUTION_ARN,
      ExecutionName: 'run-42',
      FunctionName: 'StepEverywhere_Inventory',
      Qualifier: '$LATEST',
      FunctionTarget: 'StepEverywhere_Inventory',
      RoleName: 'StepEverywhereMember',
      Payload: {},
      Bucket: 'results-bucket',
      Prefix: 'StepEverywhere/StepEverywhere_Inventory/$LATEST/run-42',
      MaxPolls: 10,
      ...overrides.Context,
    },
  } as CredentialsEvent;
}

export function issuedCredentials() {
  return {
    AccessKeyId: 'ASIAEXAMPLEKEY',
    SecretAccessKey: SECRET,
    SessionToken: SESSION_TOKEN,
    Expiration: new Date('2030-01-01T01:00:00Z'),
  };
}

/** An STS error as the SDK raises it once its retries are spent. */
export function stsError(name: string, fault: 'client' | 'server', message = `${name} from STS`): STSServiceException {
  return new STSServiceException({ name, $fault: fault, $metadata: { httpStatusCode: fault === 'client' ? 403 : 500 }, message });
}
