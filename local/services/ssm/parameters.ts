import { AwsError } from '../../protocols/aws-error';
import type { Store } from '../../store/store';

/** A Parameter Store entry, per account and region as in SSM. */
export interface ParameterRecord {
  readonly name: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
  readonly value: string;
  readonly version: number;
  readonly lastModifiedDate: string;
}

const NAMESPACE = 'ssm-parameters';
const NAME = /^\/?[a-zA-Z0-9_.\-/]{1,2048}$/;

function parametersOf(store: Store) {
  return store.namespace<ParameterRecord>(NAMESPACE);
}

function key(accountId: string, region: string, name: string): string {
  return `${accountId}/${region}/${name}`;
}

export interface PutParameterInput {
  readonly name: string;
  readonly value: string;
  readonly type?: ParameterRecord['type'];
  /** Without it an existing parameter is refused with ParameterAlreadyExists, as SSM does. */
  readonly overwrite?: boolean;
}

export async function putParameter(store: Store, accountId: string, region: string, input: PutParameterInput, now: Date = new Date()): Promise<ParameterRecord> {
  if (!NAME.test(input.name)) {
    throw new AwsError('ValidationException', `Parameter name "${input.name}" must be letters, digits and _.-/ (a hierarchy starts with /).`, 400);
  }
  if (input.value === '') throw new AwsError('ValidationException', `Parameter ${input.name}: Value must not be empty.`, 400);
  let exists = false;
  const stored = await parametersOf(store).update(key(accountId, region, input.name), (current) => {
    exists = current !== undefined;
    if (exists && !input.overwrite) return current;
    return { name: input.name, type: input.type ?? current?.type ?? 'String', value: input.value, version: (current?.version ?? 0) + 1, lastModifiedDate: now.toISOString() };
  });
  if (exists && !input.overwrite) {
    throw new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.', 400);
  }
  return stored as ParameterRecord;
}

export function getParameter(store: Store, accountId: string, region: string, name: string): Promise<ParameterRecord | undefined> {
  return parametersOf(store).get(key(accountId, region, name));
}

export async function deleteParameter(store: Store, accountId: string, region: string, name: string): Promise<void> {
  const existed = await parametersOf(store).delete(key(accountId, region, name));
  if (!existed) throw new AwsError('ParameterNotFound', `Parameter ${name} not found.`, 400);
}
