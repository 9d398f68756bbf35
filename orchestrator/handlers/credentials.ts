import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import {
  issueCredentials,
  makeRecipientLookup,
  readCredentialsSettings,
  stsClientConfig,
  type CredentialsAnswer,
  type CredentialsServices,
} from '../credentials';

export interface CredentialsHandlerDeps {
  readonly sts?: STSClient;
  readonly kms?: KMSClient;
  readonly lambda?: LambdaClient;
}

/**
 * The credentials Lambda: `{Account, Context}` in, a CredentialsAnswer out. Clients are
 * made on the first call, not at import, so the environment is read when it is set.
 */
export function makeCredentialsHandler(deps: CredentialsHandlerDeps = {}): (event: unknown) => Promise<CredentialsAnswer> {
  let services: CredentialsServices | undefined;
  return async (event) => {
    const settings = readCredentialsSettings(process.env);
    services ??= {
      sts: deps.sts ?? new STSClient(stsClientConfig()),
      kms: deps.kms ?? new KMSClient({}),
      recipientOf: makeRecipientLookup(deps.lambda ?? new LambdaClient({})),
    };
    const answer = await issueCredentials(services, settings, event);
    if (answer.Status !== 'OK') console.warn(JSON.stringify({ Status: answer.Status, Error: answer.Error, Cause: answer.Cause }));
    return answer;
  };
}

export const handler = makeCredentialsHandler();
