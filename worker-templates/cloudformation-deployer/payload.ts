import { z } from 'zod';
import { DEFAULT_EXECUTION_ROLE_NAME, STACK_NAME_PREFIX } from '../../orchestrator/contract';
import { DeployerError, DeployerErrors } from './errors';

/** CloudFormation's limit on a template passed inline (TemplateBody). */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;
export const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

const parameters = z.record(z.string(), z.string({ invalid_type_error: 'must be a string (CloudFormation parameter values are strings)' }));
const keyed = z.record(z.string(), parameters);

const schema = z
  .object({
    StackName: z
      .string({ required_error: `is required: name the stack, e.g. "${STACK_NAME_PREFIX}buckets"` })
      .refine((v) => v.startsWith(STACK_NAME_PREFIX), `must start with "${STACK_NAME_PREFIX}": the member role may only touch stacks named so`)
      .refine((v) => /^[A-Za-z][-A-Za-z0-9]{0,127}$/.test(v), 'is not a CloudFormation stack name: a letter, then letters, digits and -, at most 128 characters'),
    TemplateBody: z
      .string()
      .refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_TEMPLATE_BODY_BYTES, `is over CloudFormation's ${MAX_TEMPLATE_BODY_BYTES}-byte TemplateBody limit: put the template in S3 and pass TemplateS3Uri`)
      .optional(),
    TemplateS3Uri: z
      .string()
      .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/, 'must be s3://bucket/key')
      .optional(),
    Parameters: parameters.optional(),
    ParameterOverrides: z.object({ Accounts: keyed.optional(), OrganizationalUnits: keyed.optional(), Regions: keyed.optional() }).strict().optional(),
    Tags: z.record(z.string(), z.string()).optional(),
    Capabilities: z.array(z.enum(CAPABILITIES)).optional(),
    ExecutionRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'is not an IAM role name').default(DEFAULT_EXECUTION_ROLE_NAME),
    TerminationProtection: z.boolean().optional(),
    Action: z.enum(['deploy', 'delete']).default('deploy'),
    PlanOnly: z.boolean().default(false),
  })
  .strict();

export type DeployerPayload = z.infer<typeof schema>;

/** The payload, checked; a problem names the field and the fix. */
export function parseDeployerPayload(payload: unknown): DeployerPayload {
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['Payload', ...issue.path].join('.');
    const message = issue.code === 'unrecognized_keys' ? `has unknown field(s) ${issue.keys.join(', ')}: see the deployer's README for its fields` : issue.message;
    throw new DeployerError(DeployerErrors.INVALID_PAYLOAD, `${field} ${message}`);
  }
  const value = parsed.data;
  if (value.Action === 'deploy' && (value.TemplateBody === undefined) === (value.TemplateS3Uri === undefined)) {
    throw new DeployerError(DeployerErrors.INVALID_PAYLOAD, 'Payload needs exactly one of TemplateBody (inline) or TemplateS3Uri (s3://bucket/key) to deploy');
  }
  return value;
}

/**
 * The parameters for one target: the payload's, then per region, per OU (outermost first,
 * so the innermost wins), and per account, each overriding the last.
 */
export function parametersFor(payload: DeployerPayload, target: { accountId: string; region: string; organizationalUnitIds: readonly string[] }): Record<string, string> {
  const overrides = payload.ParameterOverrides ?? {};
  const byOu = [...target.organizationalUnitIds].reverse().map((ou) => overrides.OrganizationalUnits?.[ou] ?? {});
  return Object.assign({}, payload.Parameters, overrides.Regions?.[target.region], ...byOu, overrides.Accounts?.[target.accountId]);
}
