import { templateError, validationError } from './errors';
import { isRecord } from './template';
import type { Template } from './types';

/** What `{ "Ref": "AWS::NoValue" }` resolves to: the property (or list member) is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Where names in a template point: parameters, pseudo parameters, resources, conditions, exports. */
export interface IntrinsicContext {
  readonly region: string;
  readonly mappings?: Template['Mappings'];
  ref(name: string, where: string): unknown;
  getAtt(logicalId: string, attribute: string, where: string): unknown;
  condition(name: string, where: string): boolean;
  importValue(name: string, where: string): unknown;
}

type Fn = (argument: unknown, context: IntrinsicContext, where: string) => unknown;

/**
 * Resolves every intrinsic function in a value. `where` is the template path of the value
 * (e.g. `Resources/Topic/Properties/TopicName`), so an error names what to fix.
 */
export function resolveValue(value: unknown, context: IntrinsicContext, where: string): unknown {
  if (Array.isArray(value)) {
    return value.map((member, index) => resolveValue(member, context, `${where}/${index}`)).filter((member) => member !== NO_VALUE);
  }
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const name = keys[0] as string;
    const fn = FUNCTIONS[name];
    if (fn) return fn(value[name], context, `${where}/${name}`);
    if (name.startsWith('Fn::')) throw templateError(`Unrecognized intrinsic function ${name} at ${where}.`);
  }
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = resolveValue(value[key], context, `${where}/${key}`);
    if (resolved !== NO_VALUE) result[key] = resolved;
  }
  return result;
}

/** Evaluates a condition expression (Fn::Equals, Fn::And, { Condition: name }…) to a boolean. */
export function resolveBoolean(value: unknown, context: IntrinsicContext, where: string): boolean {
  const resolved = resolveValue(value, context, where);
  if (resolved === true || resolved === 'true') return true;
  if (resolved === false || resolved === 'false') return false;
  throw templateError(`${where} must evaluate to true or false, not ${JSON.stringify(resolved)}.`);
}

function list(argument: unknown, length: number, fn: string, where: string): unknown[] {
  if (!Array.isArray(argument) || argument.length !== length) {
    throw templateError(`${fn} at ${where} takes a list of ${length} members.`);
  }
  return argument;
}

function text(value: unknown, fn: string, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw templateError(`${fn} at ${where} needs a string, not ${JSON.stringify(value)}.`);
}

function stringList(value: unknown, fn: string, where: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw templateError(`${fn} at ${where} needs a list, not ${JSON.stringify(value)}.`);
}

const conditionOperands = (argument: unknown, fn: string, context: IntrinsicContext, where: string): boolean[] => {
  if (!Array.isArray(argument) || argument.length < (fn === 'Fn::Not' ? 1 : 2) || argument.length > (fn === 'Fn::Not' ? 1 : 10)) {
    throw templateError(`${fn} at ${where} takes ${fn === 'Fn::Not' ? 'a list of one condition' : 'a list of 2 to 10 conditions'}.`);
  }
  return argument.map((member, index) => resolveBoolean(member, context, `${where}/${index}`));
};

function substitute(template: string, variables: Record<string, unknown>, context: IntrinsicContext, where: string): string {
  return template.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (Object.prototype.hasOwnProperty.call(variables, name)) return text(variables[name], 'Fn::Sub', where);
    const dot = name.indexOf('.');
    const value = dot > 0 && !name.startsWith('AWS::') ? context.getAtt(name.slice(0, dot), name.slice(dot + 1), where) : context.ref(name, where);
    return Array.isArray(value) ? value.join(',') : text(value, 'Fn::Sub', where);
  });
}

const FUNCTIONS: Readonly<Record<string, Fn>> = {
  Ref: (argument, context, where) => {
    if (typeof argument !== 'string') throw templateError(`Ref at ${where} must name a parameter or resource (a string).`);
    return argument === 'AWS::NoValue' ? NO_VALUE : context.ref(argument, where);
  },
  Condition: (argument, context, where) => {
    if (typeof argument !== 'string') throw templateError(`Condition at ${where} must name a condition (a string).`);
    return context.condition(argument, where);
  },
  'Fn::GetAtt': (argument, context, where) => {
    const parts = typeof argument === 'string' ? [argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)] : argument;
    const [logicalId, attribute] = list(parts, 2, 'Fn::GetAtt', where);
    return context.getAtt(text(logicalId, 'Fn::GetAtt', where), text(resolveValue(attribute, context, where), 'Fn::GetAtt', where), where);
  },
  'Fn::Join': (argument, context, where) => {
    const [delimiter, members] = list(argument, 2, 'Fn::Join', where);
    const values = stringList(resolveValue(members, context, where), 'Fn::Join', where);
    return values.map((value) => text(value, 'Fn::Join', where)).join(text(delimiter, 'Fn::Join', where));
  },
  'Fn::Sub': (argument, context, where) => {
    if (typeof argument === 'string') return substitute(argument, {}, context, where);
    const [template, variables] = list(argument, 2, 'Fn::Sub', where);
    const resolved = resolveValue(variables, context, where);
    if (!isRecord(resolved)) throw templateError(`Fn::Sub at ${where}: the second member must be a map of variables.`);
    return substitute(text(template, 'Fn::Sub', where), resolved, context, where);
  },
  'Fn::Select': (argument, context, where) => {
    const [index, members] = list(argument, 2, 'Fn::Select', where);
    const position = Number(resolveValue(index, context, where));
    const values = stringList(resolveValue(members, context, where), 'Fn::Select', where);
    if (!Number.isInteger(position) || position < 0 || position >= values.length) {
      throw templateError(`Fn::Select at ${where}: index ${String(position)} is out of bounds of a list of ${values.length}.`);
    }
    return values[position];
  },
  'Fn::Split': (argument, context, where) => {
    const [delimiter, source] = list(argument, 2, 'Fn::Split', where);
    return text(resolveValue(source, context, where), 'Fn::Split', where).split(text(delimiter, 'Fn::Split', where));
  },
  'Fn::If': (argument, context, where) => {
    const [name, whenTrue, whenFalse] = list(argument, 3, 'Fn::If', where);
    const chosen = context.condition(text(name, 'Fn::If', where), where) ? whenTrue : whenFalse;
    return resolveValue(chosen, context, where);
  },
  'Fn::Equals': (argument, context, where) => {
    const [left, right] = list(argument, 2, 'Fn::Equals', where).map((member) => resolveValue(member, context, where));
    return JSON.stringify(normalise(left)) === JSON.stringify(normalise(right));
  },
  'Fn::Not': (argument, context, where) => !conditionOperands(argument, 'Fn::Not', context, where)[0],
  'Fn::And': (argument, context, where) => conditionOperands(argument, 'Fn::And', context, where).every(Boolean),
  'Fn::Or': (argument, context, where) => conditionOperands(argument, 'Fn::Or', context, where).some(Boolean),
  'Fn::FindInMap': (argument, context, where) => {
    const [map, top, second] = list(argument, 3, 'Fn::FindInMap', where).map((member) => text(resolveValue(member, context, where), 'Fn::FindInMap', where));
    const value = context.mappings?.[map as string]?.[top as string]?.[second as string];
    if (value === undefined) throw templateError(`Fn::FindInMap at ${where}: Mappings ${map} has no ${top}/${second}.`);
    return value;
  },
  'Fn::GetAZs': (argument, context, where) => {
    const region = text(resolveValue(argument, context, where), 'Fn::GetAZs', where) || context.region;
    return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
  },
  'Fn::Base64': (argument, context, where) => Buffer.from(text(resolveValue(argument, context, where), 'Fn::Base64', where), 'utf8').toString('base64'),
  'Fn::ImportValue': (argument, context, where) => context.importValue(text(resolveValue(argument, context, where), 'Fn::ImportValue', where), where),
  'Fn::Contains': (argument, context, where) => {
    const [members, value] = list(argument, 2, 'Fn::Contains', where).map((member) => resolveValue(member, context, where));
    return stringList(members, 'Fn::Contains', where).some((member) => String(member) === String(value));
  },
  'Fn::EachMemberEquals': (argument, context, where) => {
    const [members, value] = list(argument, 2, 'Fn::EachMemberEquals', where).map((member) => resolveValue(member, context, where));
    return stringList(members, 'Fn::EachMemberEquals', where).every((member) => String(member) === String(value));
  },
  'Fn::EachMemberIn': (argument, context, where) => {
    const [members, allowed] = list(argument, 2, 'Fn::EachMemberIn', where).map((member) => resolveValue(member, context, where));
    const allowedSet = new Set(stringList(allowed, 'Fn::EachMemberIn', where).map(String));
    return stringList(members, 'Fn::EachMemberIn', where).every((member) => allowedSet.has(String(member)));
  },
  'Fn::Cidr': (_argument, _context, where) => {
    throw validationError(`Fn::Cidr at ${where} is not supported by the local cloud; give the CIDR blocks literally.`);
  },
};

/** Fn::Equals compares values as strings, so `1` and `"1"` are equal as in CloudFormation. */
function normalise(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}
