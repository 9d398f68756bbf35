import { queryList } from '../../protocols/query';
import { validationError } from '../../cloudformation/errors';
import type { ParameterInput } from '../../cloudformation/parameters';
import type { Tag } from '../../cloudformation/state';

type Input = Record<string, unknown>;

export function required(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw validationError(`1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function optional(input: Input, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function flag(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === '') return undefined;
  if (value !== 'true' && value !== 'false') throw validationError(`${name} must be true or false, not ${JSON.stringify(value)}.`);
  return value === 'true';
}

export function strings(input: Input, name: string): string[] {
  return queryList(input[name]).filter((member): member is string => typeof member === 'string');
}

export function parametersIn(input: Input): ParameterInput[] {
  return queryList(input.Parameters).map((member, index) => {
    const entry = (typeof member === 'object' && member !== null ? member : {}) as Record<string, unknown>;
    if (typeof entry.ParameterKey !== 'string' || entry.ParameterKey === '') {
      throw validationError(`Parameters.member.${index + 1}.ParameterKey is required: name the template parameter the value is for.`);
    }
    const usePrevious = entry.UsePreviousValue === 'true';
    if (usePrevious && typeof entry.ParameterValue === 'string') {
      throw validationError(`Invalid input for parameter key ${entry.ParameterKey}. Cannot specify usePreviousValue as true and non empty value for a parameter`);
    }
    return {
      ParameterKey: entry.ParameterKey,
      ...(typeof entry.ParameterValue === 'string' ? { ParameterValue: entry.ParameterValue } : {}),
      ...(usePrevious ? { UsePreviousValue: true } : {}),
    };
  });
}

export function tagsIn(input: Input): Tag[] | undefined {
  if (input.Tags === undefined) return undefined;
  return queryList(input.Tags).map((member, index) => {
    const entry = (typeof member === 'object' && member !== null ? member : {}) as Record<string, unknown>;
    if (typeof entry.Key !== 'string' || entry.Key === '') throw validationError(`Tags.member.${index + 1}.Key is required.`);
    return { Key: entry.Key, Value: typeof entry.Value === 'string' ? entry.Value : '' };
  });
}

export function capabilitiesIn(input: Input): string[] {
  const capabilities = strings(input, 'Capabilities');
  for (const capability of capabilities) {
    if (!['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'].includes(capability)) {
      throw validationError(`Capabilities: ${capability} is not one of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND.`);
    }
  }
  return capabilities;
}
