import { z } from 'zod';
import { ACCOUNT_STATES, ID_PATTERNS, REGION_OPT_STATUSES } from './model';

/**
 * The shape of an organization fixture file. Objects are strict so a misspelt field is reported
 * instead of silently ignored; ids are checked against the patterns Organizations uses.
 */

/** YAML reads an unquoted 111111111111 as a number; accept that, but not a number that lost leading zeros. */
const accountId = z.preprocess(
  (value) => (typeof value === 'number' && Number.isInteger(value) ? String(value) : value),
  z.string().regex(ID_PATTERNS.account, 'must be 12 digits, quoted (e.g. "012345678901") so YAML keeps leading zeros'),
);

const regionName = z.string().regex(ID_PATTERNS.region, 'must be a region name such as us-east-1');
const regionStatus = z.enum(REGION_OPT_STATUSES as [string, ...string[]], {
  errorMap: () => ({ message: `must be one of ${REGION_OPT_STATUSES.join(', ')}` }),
});
const regionMap = z.record(regionName, regionStatus);

const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an email address such as name@example.com');
const accountName = z.string().min(1, 'must not be empty').max(50, 'must be 50 characters or fewer');

export interface UnitInput {
  readonly id: string;
  readonly name: string;
  readonly organizationalUnits?: UnitInput[];
}

const unit: z.ZodType<UnitInput> = z.lazy(() =>
  z
    .object({
      id: z.string().regex(ID_PATTERNS.organizationalUnit, 'must look like ou-abcd-12345678 (ou-, 4 to 32 lowercase letters or digits, -, 8 to 32 more)'),
      name: z.string().min(1, 'must not be empty').max(128, 'must be 128 characters or fewer'),
      organizationalUnits: z.array(unit).optional(),
    })
    .strict(),
);

const faultRule = z
  .object({
    account: accountId.optional(),
    region: regionName.optional(),
    service: z.string().regex(/^[a-z0-9-]+$/, 'must be a SigV4 service name such as lambda or sts').optional(),
    action: z.string().regex(/^[A-Za-z0-9]+$/, 'must be an operation name such as Invoke or AssumeRole').optional(),
    throttle: z.number().int('must be a whole number').positive('must be 1 or more').optional(),
    error: z
      .object({
        code: z.string().regex(/^[A-Za-z][A-Za-z0-9.]*$/, 'must be an AWS error code such as ServiceUnavailable'),
        message: z.string().min(1, 'must not be empty'),
        status: z.number().int().min(400, 'must be an HTTP error status (400 to 599)').max(599, 'must be an HTTP error status (400 to 599)'),
      })
      .strict()
      .optional(),
    latencyMs: z.number().int('must be a whole number').nonnegative('must be 0 or more').max(300_000, 'must be 300000 or less').optional(),
  })
  .strict()
  .refine((rule) => rule.throttle !== undefined || rule.error !== undefined || rule.latencyMs !== undefined, {
    message: 'does nothing: give throttle, error or latencyMs',
  });

export const fixtureSchema = z
  .object({
    organization: z
      .object({
        id: z.string().regex(ID_PATTERNS.organization, 'must look like o-exampleorgid (o- then 10 to 32 lowercase letters or digits)'),
        rootId: z.string().regex(ID_PATTERNS.root, 'must look like r-examplerootid (r- then 4 to 32 lowercase letters or digits)').optional(),
        managementAccount: z.object({ id: accountId, name: accountName, email }).strict(),
      })
      .strict(),
    regions: regionMap.refine((map) => Object.keys(map).length > 0, 'must name at least one region'),
    organizationalUnits: z.array(unit).optional(),
    accounts: z
      .array(
        z
          .object({
            id: accountId,
            name: accountName,
            email,
            parent: z.string().optional(),
            state: z
              .enum(ACCOUNT_STATES as [string, ...string[]], { errorMap: () => ({ message: `must be one of ${ACCOUNT_STATES.join(', ')}` }) })
              .optional(),
            regions: regionMap.optional(),
          })
          .strict(),
      )
      .optional(),
    faults: z.array(faultRule).optional(),
  })
  .strict();

export type FixtureInput = z.infer<typeof fixtureSchema>;
