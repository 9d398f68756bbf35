import { z } from 'zod';
import { ACCOUNT_ID_PATTERN, OU_ID_PATTERN, REGION_PATTERN, ROOT_ID_PATTERN } from '../orchestrator/plan/input-fields';
import { MAX_MAP_CONCURRENCY } from '../orchestrator/plan/validate-run-options';
import { DEPLOYER_FIELD_NAMES, deployerFields } from './deployer-fields';
import { workerProblem } from './worker-name';

/** The worker a deployment file runs when it names none: the bundled CloudFormation deployer. */
export const DEFAULT_WORKER = 'StepEverywhere_cloudformation-deployer';

/** Room is left for the `-<timestamp>` the run command appends to make the execution name unique. */
export const DEPLOYMENT_NAME_PATTERN = /^[A-Za-z0-9_-]{1,63}$/;

const WAVE_PERCENT = /^(\d+(?:\.\d+)?)%$/;

const quotedId = (what: string, example: string) =>
  `must be a quoted string — quote the ${what}, e.g. "${example}" (unquoted, YAML reads a number and drops leading zeros)`;

const accountId = z
  .string({ invalid_type_error: quotedId('account id', '123456789012') })
  .regex(ACCOUNT_ID_PATTERN, 'is not a 12-digit account id — give the 12 digits, e.g. "123456789012"');

const ouId = z
  .string({ invalid_type_error: 'must be a string — give an OU id such as ou-ab12-cdef3456 or the root id r-ab12' })
  .refine((v) => OU_ID_PATTERN.test(v) || ROOT_ID_PATTERN.test(v), {
    message: 'is not an OU or root id — give ou-xxxx-xxxxxxxx or r-xxxx as Organizations shows it',
  });

const region = z
  .string({ invalid_type_error: 'must be a string — give a region code such as eu-west-1' })
  .regex(REGION_PATTERN, 'is not a region code — give a code such as eu-west-1 or us-east-1');

const list = <T extends z.ZodTypeAny>(item: T, example: string) =>
  z.array(item, { invalid_type_error: `must be a list — write it as ${example}` });

function isWaveSize(value: unknown): value is number | string {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1;
  if (typeof value !== 'string') return false;
  const match = WAVE_PERCENT.exec(value.trim());
  const percent = match ? Number(match[1]) : NaN;
  return percent > 0 && percent <= 100;
}

const waveSize = z.custom<number | string>(isWaveSize, {
  message:
    'is not a wave size — give a number of accounts (1 or more), a share such as "10%" (above 0%, at most 100%), or {organizationalUnits: [ou-…]}',
});

const waveMembers = z
  .object({
    accounts: list(accountId, '["123456789012"]').min(1, 'is empty — list accounts or leave accounts out').optional(),
    organizationalUnits: list(ouId, '[ou-ab12-cdef3456]').min(1, 'is empty — list OUs or leave organizationalUnits out').optional(),
  })
  .strict()
  .refine((wave) => wave.accounts !== undefined || wave.organizationalUnits !== undefined, {
    message: 'names no account and no OU — write {accounts: [...]} or {organizationalUnits: [...]}',
  });

const tolerance = z
  .object(
    {
      count: z
        .number({ invalid_type_error: 'must be a number — give how many failed targets to tolerate, e.g. 0 or 3' })
        .int('must be a whole number — give how many failed targets to tolerate, e.g. 3')
        .min(0, 'must be 0 or more — give how many failed targets to tolerate, e.g. 3')
        .optional(),
      percentage: z
        .number({ invalid_type_error: 'must be a number — give the share of failed targets to tolerate, e.g. 10' })
        .min(0, 'must be from 0 to 100 — give the share of failed targets to tolerate, e.g. 10')
        .max(100, 'must be from 0 to 100 — give the share of failed targets to tolerate, e.g. 10')
        .optional(),
    },
    { invalid_type_error: 'must be a mapping — write {count: 2} or {percentage: 10}' },
  )
  .strict()
  .superRefine((value, ctx) => {
    if (value.count !== undefined && value.percentage !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'gives both count and percentage — keep one of them' });
    } else if (value.count === undefined && value.percentage === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is empty — give {count: N} or {percentage: P}, or leave tolerance out' });
    }
  });

const targets = z
  .object(
    {
      accounts: list(accountId, '["123456789012", "210987654321"]').optional(),
      organizationalUnits: list(ouId, '[ou-ab12-cdef3456]').optional(),
      exclude: z
        .object(
          {
            accounts: list(accountId, '["123456789012"]').optional(),
            organizationalUnits: list(ouId, '[ou-ab12-cdef3456]').optional(),
          },
          { invalid_type_error: 'must be a mapping — write {accounts: [...], organizationalUnits: [...]}' },
        )
        .strict()
        .optional(),
      includeHostAccount: z
        .boolean({ invalid_type_error: 'must be true or false — write includeHostAccount: true to run in the host account too' })
        .optional(),
    },
    { invalid_type_error: 'must be a mapping — write targets: {accounts: [...], organizationalUnits: [...]}' },
  )
  .strict();

/**
 * A deployment file (YAML): what to run where. Keys are camelCase; `toExecutionInput` maps
 * them onto the state machine's ExecutionInput.
 */
export const deploymentSchema = z
  .object(
    {
      name: z
        .string({
          required_error: 'is missing — add name: my-rollout (letters, digits, - and _; it starts the execution name)',
          invalid_type_error: 'must be a string — write name: my-rollout',
        })
        .regex(DEPLOYMENT_NAME_PATTERN, 'is not a deployment name — use 1-63 letters, digits, - or _, e.g. my-rollout'),
      worker: z
        .string({ invalid_type_error: `must be a string — give a StepEverywhere_* function name, e.g. ${DEFAULT_WORKER}` })
        .superRefine((value, ctx) => {
          const problem = workerProblem(value);
          if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
        })
        .default(DEFAULT_WORKER),
      regions: list(region, '[eu-west-1, us-east-1]')
        .min(1, 'is empty — list at least one region, or leave regions out for the default regions')
        .optional(),
      targets: targets.optional(),
      payload: z.unknown().optional(),
      tolerance: tolerance.optional(),
      maxConcurrency: z
        .number({ invalid_type_error: 'must be a number — give how many accounts run at once, e.g. 50' })
        .int('must be a whole number — give how many accounts run at once, e.g. 50')
        .min(1, `must be from 1 to ${MAX_MAP_CONCURRENCY} — give how many accounts run at once, e.g. 50`)
        .max(MAX_MAP_CONCURRENCY, `must be from 1 to ${MAX_MAP_CONCURRENCY} — give how many accounts run at once, e.g. 50`)
        .optional(),
      waves: list(z.union([waveMembers, waveSize], { errorMap: (issue, ctx) => ({ message: issue.code === 'invalid_union' ? 'is not a wave size — give a number of accounts such as 5, a share such as "10%" (above 0%, at most 100%), or {accounts: [...], organizationalUnits: [...]}' : ctx.defaultError }) }), '[1, "10%"]')
        .min(1, 'is empty — list wave sizes such as [1, "10%"], or leave waves out for one wave')
        .optional(),
      notify: z
        .object(
          { onSuccess: z.boolean({ invalid_type_error: 'must be true or false — onSuccess: true emails the summary when nothing failed too' }).optional() },
          { invalid_type_error: 'must be a mapping — write notify: {onSuccess: true}' },
        )
        .strict()
        .optional(),
      order: z
        .number({ invalid_type_error: 'must be a number — deployments run by ascending order, equal orders side by side' })
        .int('must be a whole number, e.g. 1')
        .min(0, 'must be 0 or more')
        .optional(),
      ...deployerFields,
    },
    { invalid_type_error: 'a deployment file must be a YAML mapping — start with name: my-rollout' },
  )
  .strict()
  .superRefine((deployment, ctx) => {
    const isDeployer = deployment.worker === DEFAULT_WORKER;
    if (!isDeployer) {
      for (const field of DEPLOYER_FIELD_NAMES) {
        if (deployment[field] === undefined) continue;
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [field],
          message: `is a field of the CloudFormation deployer, not of ${deployment.worker} — remove it, or pass it in payload`,
        });
      }
      return;
    }
    if (deployment.template === undefined && (deployment.action ?? 'deploy') === 'deploy') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['template'],
        message: 'is missing — the CloudFormation deployer needs a template: give its path relative to this file, or action: delete',
      });
    }
  });

export type Deployment = z.infer<typeof deploymentSchema>;
/** What a file or the flags give, before defaults and checks. */
export type DeploymentDraft = z.input<typeof deploymentSchema>;

/** The keys a mapping at `path` may hold, for "did you mean" hints. */
export function knownKeys(path: ReadonlyArray<string | number>): string[] {
  const key = path.filter((p) => typeof p === 'string').join('.');
  const shapes: Record<string, z.ZodRawShape> = {
    '': deploymentSchema.innerType().shape,
    targets: targets.shape,
    'targets.exclude': targets.shape.exclude.unwrap().shape,
    tolerance: tolerance.innerType().shape,
  };
  return Object.keys(shapes[key] ?? {});
}
