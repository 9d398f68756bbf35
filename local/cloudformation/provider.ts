import { randomBytes } from 'node:crypto';
import type { CallerIdentity, CloudContext } from '../services/service';
import { validationError } from './errors';

/** What a provider knows about the stack and resource it acts for. */
export interface ProviderContext {
  readonly cloud: CloudContext;
  readonly accountId: string;
  readonly region: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly logicalId: string;
  /** Who the stack acts as: the caller, or the stack's service role (RoleARN). */
  readonly identity: CallerIdentity;
  /** Refuses with AccessDenied unless the stack's identity may perform the action on the resource. */
  authorize(action: string, resource: string, context?: Readonly<Record<string, string | string[]>>): Promise<void>;
}

/** A provisioned resource: its physical id (what Ref returns) and the attributes Fn::GetAtt reads. */
export interface ResourceState {
  readonly physicalId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface ExistingResource extends ResourceState {
  readonly properties: Readonly<Record<string, unknown>>;
}

export type Properties = Readonly<Record<string, unknown>>;

export interface ResourceProvider {
  readonly type: string;
  /**
   * Properties whose change needs a new resource ('*': every change). A change to any other
   * property is made in place with `update`.
   */
  readonly replaceOn?: readonly string[] | '*';
  /** IAM resources need CAPABILITY_IAM, or CAPABILITY_NAMED_IAM when this property names them. */
  readonly iam?: { readonly nameProperty?: string };
  create(properties: Properties, context: ProviderContext): Promise<ResourceState>;
  update?(properties: Properties, previous: ExistingResource, context: ProviderContext): Promise<ResourceState>;
  delete(existing: ExistingResource, context: ProviderContext): Promise<void>;
}

/** Whether changing `before` to `after` needs a new physical resource. */
export function needsReplacement(provider: ResourceProvider, before: Properties, after: Properties): boolean {
  if (!provider.update || provider.replaceOn === '*') return true;
  return (provider.replaceOn ?? []).some((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The name CloudFormation generates for a resource given none: `stack-LogicalId-RANDOM`, cut to
 * fit the service's limit (lowercase where the service needs it, as for buckets).
 */
export function generatedName(context: Pick<ProviderContext, 'stackName' | 'logicalId'>, maxLength: number, options: { lowercase?: boolean } = {}): string {
  let suffix = '';
  const bytes = randomBytes(12);
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
  const room = Math.max(0, maxLength - suffix.length - 2);
  const stackPart = context.stackName.slice(0, Math.ceil(room / 2));
  const logicalPart = context.logicalId.slice(0, room - stackPart.length);
  const name = `${stackPart}-${logicalPart}-${suffix}`;
  return options.lowercase ? name.toLowerCase() : name;
}

// Property readers: a wrong property fails the resource with a reason naming the property.

export function requiredText(properties: Properties, name: string, type: string): string {
  const value = properties[name];
  if (typeof value !== 'string' || value === '') throw validationError(`Properties validation failed for resource of type ${type}: required property ${name} is missing (give a string).`);
  return value;
}

export function optionalText(properties: Properties, name: string, type: string): string | undefined {
  const value = properties[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw validationError(`Properties validation failed for resource of type ${type}: ${name} must be a string.`);
  return String(value);
}

export function optionalList(properties: Properties, name: string, type: string): unknown[] {
  const value = properties[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw validationError(`Properties validation failed for resource of type ${type}: ${name} must be a list.`);
  return value;
}

/** Policy documents come as objects in templates and as JSON text in APIs. */
export function documentText(value: unknown, name: string, type: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  throw validationError(`Properties validation failed for resource of type ${type}: ${name} must be a policy document (an object).`);
}

export function tagsOf(properties: Properties, type: string): Array<{ Key: string; Value: string }> {
  return optionalList(properties, 'Tags', type).map((tag, index) => {
    const record = (typeof tag === 'object' && tag !== null ? tag : {}) as Record<string, unknown>;
    if (typeof record.Key !== 'string') throw validationError(`Properties validation failed for resource of type ${type}: Tags[${index}].Key is required.`);
    return { Key: record.Key, Value: record.Value === undefined ? '' : String(record.Value) };
  });
}

export function booleanOf(value: unknown): boolean {
  return value === true || value === 'true';
}
