import { InvalidInputError, WorkerNotAllowedError } from '../contract';
import type { CredentialsEvent } from './types';

const ACCOUNT_ID = /^\d{12}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(parent: Record<string, unknown>, path: string, key: string): void {
  const value = parent[key];
  if (typeof value !== 'string' || value === '') {
    throw new InvalidInputError(`${path}.${key}`, `must be a non-empty string, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
}

/**
 * Checks the fields the credentials function relies on. The state machine builds this
 * event, so a failure here points at the plan step or a hand-made test input.
 */
export function validateCredentialsEvent(event: unknown): CredentialsEvent {
  if (!isRecord(event)) throw new InvalidInputError('event', 'must be an object {Account, Context}');
  const { Account: account, Context: context } = event;
  if (!isRecord(account)) throw new InvalidInputError('Account', 'must be an object {AccountId, AccountName, Regions}');
  if (!isRecord(context)) throw new InvalidInputError('Context', 'must be the run context object the plan step produced');
  if (typeof account.AccountId !== 'string' || !ACCOUNT_ID.test(account.AccountId)) {
    throw new InvalidInputError('Account.AccountId', `must be a 12-digit account id, got ${JSON.stringify(account.AccountId)}`);
  }
  for (const key of ['ExecutionId', 'ExecutionName', 'FunctionName', 'FunctionTarget', 'RoleName']) {
    requireString(context, 'Context', key);
  }
  return event as unknown as CredentialsEvent;
}

/**
 * The guard-rail: credentials are only ever issued for a worker step-everywhere may
 * invoke, and the function actually invoked (`FunctionTarget`) must be that worker.
 */
export function assertWorkerAllowed(context: CredentialsEvent['Context'], prefix: string): void {
  const { FunctionName: name, FunctionTarget: target } = context;
  if (!name.startsWith(prefix) || name.includes(':')) {
    throw new WorkerNotAllowedError(
      `Context.FunctionName "${name}" is not a worker step-everywhere may invoke: only functions named "${prefix}..." are. ` +
        'Give the worker a name with that prefix and grant it with grantWorker.',
    );
  }
  if (target !== name && !target.startsWith(`${name}:`)) {
    throw new WorkerNotAllowedError(
      `Context.FunctionTarget "${target}" is not the worker "${name}" or one of its versions or aliases ("${name}:<qualifier>").`,
    );
  }
}
