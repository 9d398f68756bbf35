import { z } from 'zod';
import {
  ACCOUNT_STATES,
  ID_PATTERNS,
  REGION_OPT_STATUSES,
  RESOURCE_OPERATIONS,
  RESOURCE_PHASES,
  type CallFaultRule,
  type FaultRule,
  type ResourceFaultRule,
  type ResourceOperation,
  type ResourcePhase,
} from './model';

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

const RESOURCE_FIELDS = ['stack', 'resource', 'resourceType', 'operation', 'during', 'stuck', 'stuckMs', 'times'] as const;
const CALL_FIELDS = ['action', 'throttle', 'latencyMs'] as const;

/**
 * One fault rule: either a call rule (service, action, throttle, error, latencyMs) or a
 * CloudFormation resource rule (stack, resource, resourceType, operation, during, error.message,
 * stuck, stuckMs, times). Both share account and region; mixing their fields is refused, naming
 * the field.
 */
export const faultRuleSchema = z
  .object({
    account: accountId.optional(),
    region: regionName.optional(),
    service: z.string().regex(/^[a-z0-9-]+$/, 'must be a SigV4 service name such as lambda or sts').optional(),
    action: z.string().regex(/^[A-Za-z0-9]+$/, 'must be an operation name such as Invoke or AssumeRole').optional(),
    throttle: z.number().int('must be a whole number').positive('must be 1 or more').optional(),
    error: z
      .object({
        code: z.string().regex(/^[A-Za-z][A-Za-z0-9.]*$/, 'must be an AWS error code such as ServiceUnavailable').optional(),
        message: z.string().min(1, 'must not be empty'),
        status: z.number().int().min(400, 'must be an HTTP error status (400 to 599)').max(599, 'must be an HTTP error status (400 to 599)').optional(),
      })
      .strict()
      .optional(),
    latencyMs: z.number().int('must be a whole number').nonnegative('must be 0 or more').max(300_000, 'must be 300000 or less').optional(),
    stack: z.string().regex(/^(\*|[a-zA-Z][-a-zA-Z0-9]*\*?)$/, 'must be a stack name, or a prefix ending in * (e.g. deploy-*)').optional(),
    resource: z.string().regex(/^[A-Za-z0-9]+$/, 'must be a logical id of the template, such as Topic').optional(),
    resourceType: z.string().regex(/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/, 'must be a resource type such as AWS::SNS::Topic').optional(),
    operation: z.enum(RESOURCE_OPERATIONS as [ResourceOperation, ...ResourceOperation[]], { errorMap: () => ({ message: `must be one of ${RESOURCE_OPERATIONS.join(', ')}` }) }).optional(),
    during: z.enum(RESOURCE_PHASES as [ResourcePhase, ...ResourcePhase[]], { errorMap: () => ({ message: `must be one of ${RESOURCE_PHASES.join(', ')}` }) }).optional(),
    stuck: z.literal(true, { errorMap: () => ({ message: 'must be true (leave it out for a rule that fails at once)' }) }).optional(),
    stuckMs: z.number().int('must be a whole number').positive('must be 1 or more').optional(),
    times: z.number().int('must be a whole number').positive('must be 1 or more').optional(),
  })
  .strict()
  .superRefine((rule, context) => {
    const report = (path: (string | number)[], message: string) => context.addIssue({ code: z.ZodIssueCode.custom, path, message });
    const resourceField = RESOURCE_FIELDS.find((field) => rule[field] !== undefined);
    if (resourceField !== undefined) {
      if (rule.service !== undefined && rule.service !== 'cloudformation') report(['service'], `must be cloudformation (or left out) for a resource fault, which ${resourceField} makes this rule`);
      for (const field of CALL_FIELDS) if (rule[field] !== undefined) report([field], `is a call fault's field, but ${resourceField} makes this a resource fault: split it into two rules`);
      if (rule.error?.code !== undefined) report(['error', 'code'], 'a resource fault fails the resource with error.message only: remove error.code');
      if (rule.error?.status !== undefined) report(['error', 'status'], 'a resource fault fails the resource with error.message only: remove error.status');
      if (rule.stuckMs !== undefined && rule.stuck === undefined) report(['stuckMs'], 'only applies with stuck: true');
      if (rule.error === undefined && rule.stuck === undefined) report([], 'does nothing: give error.message (fail the resource) or stuck: true (hold it IN_PROGRESS)');
      return;
    }
    if (rule.error !== undefined && rule.error.code === undefined) report(['error', 'code'], 'is required for a call fault: an AWS error code such as ServiceUnavailable (or, to fail CloudFormation resources, select them with stack, resource, resourceType or operation)');
    if (rule.error !== undefined && rule.error.status === undefined) report(['error', 'status'], 'is required for a call fault: an HTTP error status (400 to 599)');
    if (rule.throttle === undefined && rule.error === undefined && rule.latencyMs === undefined) report([], 'does nothing: give throttle, error or latencyMs');
  })
  .transform((rule): FaultRule => toFaultRule(rule));

type ParsedRule = {
  account?: string | undefined;
  region?: string | undefined;
  service?: string | undefined;
  action?: string | undefined;
  throttle?: number | undefined;
  error?: { code?: string | undefined; message: string; status?: number | undefined } | undefined;
  latencyMs?: number | undefined;
  stack?: string | undefined;
  resource?: string | undefined;
  resourceType?: string | undefined;
  operation?: ResourceOperation | undefined;
  during?: ResourcePhase | undefined;
  stuck?: true | undefined;
  stuckMs?: number | undefined;
  times?: number | undefined;
};

/** Keeps the given fields only, so a rule reads as it was written. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function toFaultRule(rule: ParsedRule): FaultRule {
  const { account, region } = rule;
  if (RESOURCE_FIELDS.some((field) => rule[field] !== undefined)) {
    const resourceRule: ResourceFaultRule = defined({
      service: rule.service === undefined ? undefined : ('cloudformation' as const),
      account,
      region,
      stack: rule.stack,
      resource: rule.resource,
      resourceType: rule.resourceType,
      operation: rule.operation,
      during: rule.during,
      error: rule.error === undefined ? undefined : { message: rule.error.message },
      stuck: rule.stuck,
      stuckMs: rule.stuckMs,
      times: rule.times,
    });
    return resourceRule;
  }
  const error = rule.error;
  // The refinement above has made sure a call fault's error has its code and status.
  const callError = error === undefined ? undefined : { code: error.code ?? 'InternalFailure', message: error.message, status: error.status ?? 500 };
  const callRule: CallFaultRule = defined({ account, region, service: rule.service, action: rule.action, throttle: rule.throttle, error: callError, latencyMs: rule.latencyMs });
  return callRule;
}

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
    faults: z.array(faultRuleSchema).optional(),
  })
  .strict();

export type FixtureInput = z.infer<typeof fixtureSchema>;
