import { InvalidInputError } from '../contract';
import { expectObject, rejectUnknownKeys, shown, typeName } from './input-fields';
import { accounts, organizationalUnits, type FieldValue } from './validate-targets';

/** The failure tolerance as the plan carries it: exactly one of the two. */
export type Tolerance = { readonly Count: number } | { readonly Percentage: number };

/** One entry of `Waves`: a number of accounts, a share of the targeted accounts, or the targeted accounts among listed ones. */
export type WaveSize =
  | { readonly accounts: number }
  | { readonly percent: number }
  | { readonly members: { readonly accounts: FieldValue[]; readonly organizationalUnits: FieldValue[] } };

/** The Distributed Map refuses a MaxConcurrency above this. */
export const MAX_MAP_CONCURRENCY = 10_000;

const PERCENT = /^(\d+(?:\.\d+)?)%$/;

export function validateTolerance(value: unknown): Tolerance | undefined {
  if (value === undefined) return undefined;
  const field = 'FailureTolerance';
  const tolerance = expectObject(value, field, '{"Count": 2} or {"Percentage": 10}');
  rejectUnknownKeys(tolerance, ['Count', 'Percentage'], field);
  const { Count: count, Percentage: percentage } = tolerance;
  if (count !== undefined && percentage !== undefined) {
    throw new InvalidInputError(field, 'gives both Count and Percentage; keep one of them');
  }
  if (count !== undefined) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new InvalidInputError(
        `${field}.Count`,
        `${shown(count)} is not a whole number >= 0; give how many failed targets to tolerate, e.g. 0 or 3`,
      );
    }
    return { Count: count };
  }
  if (percentage !== undefined) {
    if (typeof percentage !== 'number' || !Number.isFinite(percentage) || percentage < 0 || percentage > 100) {
      throw new InvalidInputError(
        `${field}.Percentage`,
        `${shown(percentage)} is not a number from 0 to 100; give the share of failed targets to tolerate, e.g. 10`,
      );
    }
    return { Percentage: percentage };
  }
  throw new InvalidInputError(field, 'is empty; give {"Count": N} or {"Percentage": P}, or leave the field out');
}

export function validateMaxConcurrency(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_MAP_CONCURRENCY) {
    throw new InvalidInputError(
      'MaxConcurrency',
      `${shown(value)} is not a whole number from 1 to ${MAX_MAP_CONCURRENCY}; give how many accounts run at once, e.g. 50`,
    );
  }
  return value;
}

function waveMembers(value: Record<string, unknown>, field: string): WaveSize {
  rejectUnknownKeys(value, ['Accounts', 'OrganizationalUnits'], field);
  const members = { accounts: accounts(value.Accounts, `${field}.Accounts`), organizationalUnits: organizationalUnits(value.OrganizationalUnits, `${field}.OrganizationalUnits`) };
  if (members.accounts.length + members.organizationalUnits.length === 0) {
    throw new InvalidInputError(field, 'names no account and no OU; list Accounts or OrganizationalUnits, or remove the wave');
  }
  return { members };
}

function waveSize(value: unknown, field: string): WaveSize {
  const fix = 'give a number of accounts such as 5, a share such as "10%" (more than 0%, at most 100%), or {"OrganizationalUnits": ["ou-…"]}';
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return waveMembers(value as Record<string, unknown>, field);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(field, `${shown(value)} is not a whole number >= 1; ${fix}`);
    return { accounts: value };
  }
  if (typeof value === 'string') {
    const match = PERCENT.exec(value.trim());
    const percent = match ? Number(match[1]) : NaN;
    if (!(percent > 0 && percent <= 100)) throw new InvalidInputError(field, `${shown(value)} is not a wave size; ${fix}`);
    return { percent };
  }
  throw new InvalidInputError(field, `must be a number or a string, got ${typeName(value)} ${shown(value)}; ${fix}`);
}

export function validateWaves(value: unknown): WaveSize[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw new InvalidInputError('Waves', `must be a list such as [1, "10%"] or [{"Accounts": ["123456789012"]}], got ${typeName(value)} ${shown(value)}`);
  }
  if (value.length === 0) {
    throw new InvalidInputError('Waves', 'is empty; list wave sizes such as [1, "10%"], or leave the field out for one wave');
  }
  return value.map((entry, i) => waveSize(entry, `Waves[${i}]`));
}
