import { InvalidInputError } from '../../orchestrator/contract';

/** What an inventory run may be given as the execution's Payload. */
export interface InventoryPayload {
  /** List only stacks whose names start with this. @default every stack */
  readonly StackNamePrefix?: string;
}

const KNOWN_FIELDS = new Set(['StackNamePrefix']);
/** CloudFormation stack names have at most 128 characters: a longer prefix matches nothing. */
const MAX_PREFIX_LENGTH = 128;

export function parseInventoryPayload(payload: unknown): InventoryPayload {
  if (payload === undefined || payload === null) return {};
  if (typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InvalidInputError('Payload', 'must be an object such as {"StackNamePrefix": "StepEverywhere-"}, or left out');
  }
  const fields = payload as Record<string, unknown>;
  // A misspelt field would silently list every stack, so unknown fields are refused.
  const unknown = Object.keys(fields).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) {
    throw new InvalidInputError(`Payload.${unknown[0]}`, 'is not an inventory setting; the only one is StackNamePrefix');
  }
  const prefix = fields.StackNamePrefix;
  if (prefix === undefined) return {};
  if (typeof prefix !== 'string') {
    throw new InvalidInputError('Payload.StackNamePrefix', `must be a string such as "StepEverywhere-", got ${JSON.stringify(prefix)}`);
  }
  if (prefix.length > MAX_PREFIX_LENGTH) {
    throw new InvalidInputError('Payload.StackNamePrefix', `has ${prefix.length} characters; stack names have at most ${MAX_PREFIX_LENGTH}`);
  }
  return { StackNamePrefix: prefix };
}
