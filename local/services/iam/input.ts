import { AwsError } from '../../protocols/aws-error';
import { queryList } from '../../protocols/query';
import type { Tag } from './roles';

/** Reads a required string parameter; the error names the parameter as AWS does. */
export function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError('ValidationError', `1 validation error detected: Value at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`, 400);
  }
  return value;
}

export function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function optionalInteger(input: Record<string, unknown>, name: string): number | undefined {
  const value = optionalString(input, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) {
    throw new AwsError('ValidationError', `${name} "${value}" must be a whole number.`, 400);
  }
  return Number(value);
}

export function tagList(input: Record<string, unknown>, name = 'Tags'): Tag[] {
  return queryList(input[name]).map((member, index) => {
    const tag = (typeof member === 'object' && member !== null ? member : {}) as Record<string, unknown>;
    if (typeof tag.Key !== 'string') {
      throw new AwsError('ValidationError', `${name}.member.${index + 1}.Key is required.`, 400);
    }
    return { Key: tag.Key, Value: typeof tag.Value === 'string' ? tag.Value : '' };
  });
}

export function stringList(input: Record<string, unknown>, name: string): string[] {
  return queryList(input[name]).filter((member): member is string => typeof member === 'string');
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
