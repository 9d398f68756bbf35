import { InvalidInputError } from '../contract';
import { accountId, expectObject, expectStringList, organizationalUnitId, rejectUnknownKeys, shown, typeName } from './input-fields';

/** An id with the dotted path it came from, so a later check can still name the field. */
export interface FieldValue {
  readonly value: string;
  readonly field: string;
}

/** `Targets` after validation; lists are empty when the input left them out. */
export interface ValidatedTargets {
  /** True when the input named accounts or OUs to run in; false means every account. */
  readonly explicit: boolean;
  readonly accounts: FieldValue[];
  readonly organizationalUnits: FieldValue[];
  readonly excludeAccounts: FieldValue[];
  readonly excludeOrganizationalUnits: FieldValue[];
  readonly includeHostAccount: boolean;
}

const TARGET_KEYS = ['Accounts', 'OrganizationalUnits', 'Exclude', 'IncludeHostAccount'] as const;
const EXCLUDE_KEYS = ['Accounts', 'OrganizationalUnits'] as const;

export const EVERY_ACCOUNT: ValidatedTargets = {
  explicit: false,
  accounts: [],
  organizationalUnits: [],
  excludeAccounts: [],
  excludeOrganizationalUnits: [],
  includeHostAccount: false,
};

function withFields(values: string[], field: string): FieldValue[] {
  return values.map((value, i) => ({ value, field: `${field}[${i}]` }));
}

export function accounts(value: unknown, field: string): FieldValue[] {
  if (value === undefined) return [];
  return withFields(expectStringList(value, field, 'list account ids, or leave the field out', accountId), field);
}

export function organizationalUnits(value: unknown, field: string): FieldValue[] {
  if (value === undefined) return [];
  return withFields(expectStringList(value, field, 'list OU ids, or leave the field out', organizationalUnitId), field);
}

export function validateTargets(value: unknown): ValidatedTargets {
  if (value === undefined) return EVERY_ACCOUNT;
  const targets = expectObject(value, 'Targets', '{"OrganizationalUnits": ["ou-ab12-cd34ef56"]}');
  rejectUnknownKeys(targets, TARGET_KEYS, 'Targets');

  let excludeAccounts: FieldValue[] = [];
  let excludeOrganizationalUnits: FieldValue[] = [];
  if (targets.Exclude !== undefined) {
    const exclude = expectObject(targets.Exclude, 'Targets.Exclude', '{"Accounts": ["123456789012"]}');
    rejectUnknownKeys(exclude, EXCLUDE_KEYS, 'Targets.Exclude');
    excludeAccounts = accounts(exclude.Accounts, 'Targets.Exclude.Accounts');
    excludeOrganizationalUnits = organizationalUnits(exclude.OrganizationalUnits, 'Targets.Exclude.OrganizationalUnits');
  }

  const include = targets.IncludeHostAccount;
  if (include !== undefined && typeof include !== 'boolean') {
    throw new InvalidInputError(
      'Targets.IncludeHostAccount',
      `must be true or false (without quotes), got ${typeName(include)} ${shown(include)}`,
    );
  }

  const included = accounts(targets.Accounts, 'Targets.Accounts');
  const ous = organizationalUnits(targets.OrganizationalUnits, 'Targets.OrganizationalUnits');
  return {
    explicit: targets.Accounts !== undefined || targets.OrganizationalUnits !== undefined,
    accounts: included,
    organizationalUnits: ous,
    excludeAccounts,
    excludeOrganizationalUnits,
    includeHostAccount: include === true,
  };
}
