import { validationError } from './errors';
import type { ParameterDeclaration, ParameterValues, Template } from './types';

export interface ParameterInput {
  readonly ParameterKey: string;
  readonly ParameterValue?: string;
  readonly UsePreviousValue?: boolean;
}

/** Reads an SSM parameter of the stack's account and region; undefined when there is none. */
export type SsmLookup = (name: string) => Promise<string | undefined>;

export interface ResolvedParameters {
  /** Values as intrinsics see them (SSM-typed parameters hold the parameter's value). */
  readonly values: ParameterValues;
  /** Values as given (SSM-typed parameters hold the parameter name), for DescribeStacks and updates. */
  readonly given: Readonly<Record<string, string>>;
  /** Names of NoEcho parameters, shown as `****`. */
  readonly noEcho: readonly string[];
  /** For SSM-typed parameters: the value resolved from Parameter Store (DescribeStacks' ResolvedValue). */
  readonly resolvedFromSsm: Readonly<Record<string, string>>;
}

const SSM_TYPE = /^AWS::SSM::Parameter::Value<(.+)>$/;

/**
 * Applies given values, previous values and defaults to the template's Parameters and checks
 * each against its type and constraints, with CloudFormation's messages.
 */
export async function resolveParameters(
  template: Template,
  inputs: readonly ParameterInput[],
  previous: Readonly<Record<string, string>>,
  ssm: SsmLookup,
): Promise<ResolvedParameters> {
  const declared = template.Parameters ?? {};
  const unknown = inputs.map((input) => input.ParameterKey).filter((name) => declared[name] === undefined);
  if (unknown.length > 0) throw validationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const values: Record<string, string | string[]> = {};
  const given: Record<string, string> = {};
  const resolvedFromSsm: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, declaration] of Object.entries(declared)) {
    const input = inputs.find((candidate) => candidate.ParameterKey === name);
    let raw: string | undefined;
    if (input?.UsePreviousValue) {
      raw = previous[name];
      if (raw === undefined) throw validationError(`Parameter ${name}: UsePreviousValue is set but the stack has no previous value for it; give ParameterValue.`);
    } else {
      raw = input?.ParameterValue ?? defaultOf(declaration);
    }
    if (raw === undefined) {
      missing.push(name);
      continue;
    }
    given[name] = raw;
    const ssmType = SSM_TYPE.exec(declaration.Type);
    let value = raw;
    if (ssmType) {
      const fetched = await ssm(raw);
      if (fetched === undefined) throw validationError(`Unable to fetch parameters [${raw}] from parameter store for this account.`);
      resolvedFromSsm[name] = fetched;
      value = fetched;
    }
    values[name] = checkValue(name, ssmType ? (ssmType[1] as string) : declaration.Type, value, declaration);
  }
  if (missing.length > 0) throw validationError(`Parameters: [${missing.join(', ')}] must have values`);
  const noEcho = Object.entries(declared).filter(([, d]) => d.NoEcho === true || d.NoEcho === 'true').map(([name]) => name);
  return { values, given, noEcho, resolvedFromSsm };
}

function defaultOf(declaration: ParameterDeclaration): string | undefined {
  const value = declaration.Default;
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

function checkValue(name: string, type: string, value: string, declaration: ParameterDeclaration): string | string[] {
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
  const members = isList ? (value === '' ? [] : value.split(',').map((member) => member.trim())) : [value];
  if (type === 'Number' || type === 'List<Number>') {
    for (const member of members) {
      if (member === '' || Number.isNaN(Number(member))) throw validationError(`Parameter '${name}' must be a number (got "${member}")`);
      if (declaration.MinValue !== undefined && Number(member) < Number(declaration.MinValue)) {
        throw validationError(`Parameter '${name}' must be a number not less than ${String(declaration.MinValue)}`);
      }
      if (declaration.MaxValue !== undefined && Number(member) > Number(declaration.MaxValue)) {
        throw validationError(`Parameter '${name}' must be a number not greater than ${String(declaration.MaxValue)}`);
      }
    }
  }
  const constraint = declaration.ConstraintDescription ? ` (${declaration.ConstraintDescription})` : '';
  if (declaration.AllowedValues !== undefined) {
    const allowed = declaration.AllowedValues.map(String);
    if (members.some((member) => !allowed.includes(member))) throw validationError(`Parameter '${name}' must be one of AllowedValues${constraint}`);
  }
  if (declaration.AllowedPattern !== undefined) {
    const pattern = new RegExp(`^(?:${declaration.AllowedPattern})$`);
    if (members.some((member) => !pattern.test(member))) throw validationError(`Parameter '${name}' must match pattern ${declaration.AllowedPattern}${constraint}`);
  }
  if (declaration.MinLength !== undefined && value.length < Number(declaration.MinLength)) {
    throw validationError(`Parameter '${name}' must contain at least ${String(declaration.MinLength)} characters${constraint}`);
  }
  if (declaration.MaxLength !== undefined && value.length > Number(declaration.MaxLength)) {
    throw validationError(`Parameter '${name}' must contain at most ${String(declaration.MaxLength)} characters${constraint}`);
  }
  return isList ? members : value;
}
