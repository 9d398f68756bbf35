import { z } from 'zod';
import type { AccountResult, Outcome } from '../contract';
import { ErrorNames, Outcomes } from '../contract';
import type { ChildResult } from './types';

/** Raised in place of a child's output that is not an AccountResult, so the account is still tallied. */
export const INVALID_ACCOUNT_RESULT = ErrorNames.INVALID_ACCOUNT_RESULT;

const outcomeSchema = z.enum(Object.values(Outcomes) as [Outcome, ...Outcome[]]);
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/** A link the worker gave; a malformed one is dropped rather than fail the account's tally. */
export const linkSchema = z
  .object({ Text: z.string().min(1), Url: z.string().url().optional() })
  .optional()
  .catch(undefined);

const targetRecordSchema = z.object({
  AccountId: z.string(),
  Region: z.string(),
  Outcome: z.union([outcomeSchema, z.literal('IN_PROGRESS')]),
  Error: optionalText,
  Cause: optionalText,
  ResultKey: optionalText,
  Link: linkSchema,
  Poll: z.number().optional().default(0),
});

const accountResultSchema = z.object({
  AccountId: z.string().min(1),
  AccountName: z.string().optional().default(''),
  Regions: z.array(z.string()).optional().default([]),
  AccountOutcome: outcomeSchema.optional(),
  Error: optionalText,
  Cause: optionalText,
  Targets: z.array(targetRecordSchema).optional(),
});

/** One element of a ResultWriter file: a child execution with its input and output as JSON text. */
const resultRecordSchema = z.object({
  ExecutionArn: z.string().optional(),
  Status: z.string(),
  Input: z.string().nullish(),
  Output: z.string().nullish(),
  Error: optionalText,
  Cause: optionalText,
  StopDate: z.union([z.string(), z.number()]).nullish(),
});

/** Reduces one ResultWriter record to a ChildResult; `where` names the file for error messages. */
export function toChildResult(record: unknown, where: string): ChildResult {
  const parsed = resultRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${where}: a record is not a Distributed Map child result (${issue?.path.join('.') || 'record'}: ${issue?.message}); ` +
        'the ResultWriter must export with the default transformation (NONE) so Input, Output and Status are kept',
    );
  }
  const rec = parsed.data;
  const base = {
    Status: rec.Status,
    ExecutionArn: rec.ExecutionArn,
    StopTime: toTime(rec.StopDate),
    AccountId: accountIdFromInput(rec.Input),
  };
  if (rec.Status !== 'SUCCEEDED') {
    return { ...base, Error: rec.Error, Cause: rec.Cause };
  }
  const output = parseAccountResult(rec.Output);
  if (typeof output === 'string') {
    return { ...base, Status: 'FAILED', Error: INVALID_ACCOUNT_RESULT, Cause: output };
  }
  return { ...base, AccountId: output.AccountId, Output: output };
}

function parseAccountResult(text: string | null | undefined): AccountResult | string {
  if (text === undefined || text === null) {
    return 'the child execution succeeded but its output was not exported';
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'the child execution output is not JSON';
  }
  const parsed = accountResultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `the child execution output is not an AccountResult (${issue?.path.join('.') || 'output'}: ${issue?.message})`;
  }
  return parsed.data;
}

function accountIdFromInput(text: string | null | undefined): string | undefined {
  if (!text) {
    return undefined;
  }
  try {
    const input: unknown = JSON.parse(text);
    const account = (input as { Account?: { AccountId?: unknown } } | null)?.Account;
    return typeof account?.AccountId === 'string' ? account.AccountId : undefined;
  } catch {
    return undefined;
  }
}

function toTime(value: string | number | null | undefined): number | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value === 'number') {
    // Epoch seconds and epoch milliseconds both occur in AWS payloads.
    return value < 1e12 ? value * 1000 : value;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
