import {
  EncryptionContextKeys,
  InvalidWorkerEventError,
  targetResultKey,
  type WorkerEvent,
} from '../../orchestrator/contract';

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, problem: string): InvalidWorkerEventError {
  return new InvalidWorkerEventError(`${field}: ${problem}`);
}

function stringAt(parent: Fields, path: string, key: string): string {
  const value = parent[key];
  if (typeof value !== 'string' || value === '') {
    throw invalid(`${path}${key}`, `must be a non-empty string, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function recordAt(parent: Fields, path: string, key: string): Fields {
  const value = parent[key];
  if (!isRecord(value)) throw invalid(`${path}${key}`, `must be an object, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}

/**
 * Checks a worker event before anything is decrypted or written. Beyond the shape, the
 * credentials must have been issued for this very account and execution, and the result
 * must go to this target's own key: otherwise a caller could hand the worker one
 * account's credentials to act "as" another target (a confused deputy).
 */
export function validateWorkerEvent(event: unknown): WorkerEvent {
  if (!isRecord(event)) throw invalid('event', 'must be the object the state machine sends to a worker');
  const accountId = stringAt(event, '', 'AccountId');
  if (!ACCOUNT_ID.test(accountId)) throw invalid('AccountId', `must be a 12-digit account id, got "${accountId}"`);
  stringAt(event, '', 'AccountName');
  const region = stringAt(event, '', 'Region');
  if (!REGION.test(region)) throw invalid('Region', `must be a region code such as eu-west-1, got "${region}"`);
  const executionId = stringAt(event, '', 'ExecutionId');

  const credentials = recordAt(event, '', 'Credentials');
  for (const key of ['Ciphertext', 'KeyId', 'Expiration']) stringAt(credentials, 'Credentials.', key);
  const context = recordAt(credentials, 'Credentials.', 'EncryptionContext');
  for (const key of Object.values(EncryptionContextKeys)) stringAt(context, 'Credentials.EncryptionContext.', key);
  if (context[EncryptionContextKeys.ACCOUNT] !== accountId) {
    throw invalid(
      `Credentials.EncryptionContext.${EncryptionContextKeys.ACCOUNT}`,
      `names account ${String(context[EncryptionContextKeys.ACCOUNT])} but the event is for account ${accountId}; credentials are only used in the account they were issued for`,
    );
  }
  if (context[EncryptionContextKeys.EXECUTION] !== executionId) {
    throw invalid(
      `Credentials.EncryptionContext.${EncryptionContextKeys.EXECUTION}`,
      `names execution ${String(context[EncryptionContextKeys.EXECUTION])} but the event is from ${executionId}; credentials are only used by the execution they were issued for`,
    );
  }

  const location = recordAt(event, '', 'ResultLocation');
  stringAt(location, 'ResultLocation.', 'Bucket');
  const key = stringAt(location, 'ResultLocation.', 'Key');
  const expectedEnd = targetResultKey('', accountId, region);
  if (!key.endsWith(expectedEnd)) {
    throw invalid('ResultLocation.Key', `"${key}" is not this target's result key; it must end with "${expectedEnd}"`);
  }

  const ous = event.OrganizationalUnitIds;
  if (ous !== undefined && !(Array.isArray(ous) && ous.every((id) => typeof id === 'string' && id !== ''))) {
    throw invalid('OrganizationalUnitIds', `must be a list of OU ids, got ${JSON.stringify(ous)}`);
  }

  const polling = recordAt(event, '', 'Polling');
  if (typeof polling.Poll !== 'number' || !Number.isInteger(polling.Poll) || polling.Poll < 0) {
    throw invalid('Polling.Poll', `must be a whole number >= 0, got ${JSON.stringify(polling.Poll) ?? 'nothing'}`);
  }
  return event as unknown as WorkerEvent;
}
