import { InvalidInputError } from '../contract';

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/;
export const ROOT_ID_PATTERN = /^r-[0-9a-z]{4,32}$/;
/** `us-east-1`, `ap-southeast-4`, `us-gov-west-1`, `eusc-de-east-1`. */
export const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/** IAM role name segments (a name may carry a path `team/Name`). */
const ROLE_SEGMENT = /^[\w+=,.@-]+$/;
const MAX_ROLE_NAME_LENGTH = 64;
const MAX_ROLE_PATH_LENGTH = 512;
const SHOWN_VALUE_LENGTH = 80;

/** A value as the user wrote it, short enough for an error message. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > SHOWN_VALUE_LENGTH ? `${text.slice(0, SHOWN_VALUE_LENGTH - 1)}…` : text;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function expectObject(value: unknown, field: string, example: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, `must be an object such as ${example}, got ${typeName(value)} ${shown(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Typos must not pass silently: an unknown `Exclude` key would run where it should not. */
export function rejectUnknownKeys(value: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const field = prefix ? `${prefix}.${key}` : key;
      throw new InvalidInputError(field, `is not a known field; remove it or use one of ${allowed.join(', ')}`);
    }
  }
}

export function expectString(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string') {
    throw new InvalidInputError(field, `must be a string (${what}), got ${typeName(value)} ${shown(value)}`);
  }
  return value;
}

/**
 * A non-empty list of unique strings, each checked by `check`. An empty list is refused
 * because it reads as "none" to one person and "all" to another; omitting the field is
 * the unambiguous way to take the default.
 */
export function expectStringList(
  value: unknown,
  field: string,
  ifEmpty: string,
  check: (item: unknown, itemField: string) => string,
): string[] {
  if (!Array.isArray(value)) {
    throw new InvalidInputError(field, `must be a list, got ${typeName(value)} ${shown(value)}`);
  }
  if (value.length === 0) throw new InvalidInputError(field, `is empty; ${ifEmpty}`);
  const seen = new Map<string, number>();
  return value.map((item, i) => {
    const itemField = `${field}[${i}]`;
    const checked = check(item, itemField);
    const first = seen.get(checked);
    if (first !== undefined) {
      throw new InvalidInputError(itemField, `${shown(checked)} repeats ${field}[${first}]; list each entry once`);
    }
    seen.set(checked, i);
    return checked;
  });
}

export function accountId(value: unknown, field: string): string {
  const text = expectString(value, field, 'a 12-digit account id in quotes');
  if (!ACCOUNT_ID_PATTERN.test(text)) {
    throw new InvalidInputError(
      field,
      `${shown(text)} is not a 12-digit account id; use the id shown by 'aws organizations list-accounts' (in quotes, leading zeros kept)`,
    );
  }
  return text;
}

export function organizationalUnitId(value: unknown, field: string): string {
  const text = expectString(value, field, 'an OU id "ou-…" or the root id "r-…"');
  if (!OU_ID_PATTERN.test(text) && !ROOT_ID_PATTERN.test(text)) {
    throw new InvalidInputError(
      field,
      `${shown(text)} is not an OU id ("ou-" then 4-32 and 8-32 lowercase letters or digits, e.g. "ou-ab12-cd34ef56") ` +
        `nor a root id ("r-ab12"); use the id shown by 'aws organizations list-organizational-units-for-parent' or 'aws organizations list-roots'`,
    );
  }
  return text;
}

export function regionName(value: unknown, field: string): string {
  const text = expectString(value, field, 'a region name such as "eu-west-1"');
  if (!REGION_PATTERN.test(text)) {
    throw new InvalidInputError(
      field,
      `${shown(text)} is not a region name; use a code such as "eu-west-1" as shown by 'aws account list-regions'`,
    );
  }
  return text;
}

export function roleName(value: unknown, field: string): string {
  const text = expectString(value, field, 'the name of the member role');
  const segments = text.replace(/^\/+|\/+$/g, '').split('/');
  const name = segments[segments.length - 1];
  if (!segments.every((segment) => ROLE_SEGMENT.test(segment))) {
    throw new InvalidInputError(
      field,
      `${shown(text)} is not an IAM role name; use letters, digits and +=,.@-_, optionally after a path such as "team/RoleName"`,
    );
  }
  if (name.length > MAX_ROLE_NAME_LENGTH || text.length > MAX_ROLE_PATH_LENGTH) {
    throw new InvalidInputError(
      field,
      `${shown(text)} is too long; IAM role names have at most ${MAX_ROLE_NAME_LENGTH} characters and paths ${MAX_ROLE_PATH_LENGTH}`,
    );
  }
  return text;
}
