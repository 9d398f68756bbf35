import { z } from 'zod';
import { DEFAULT_EXECUTION_ROLE_NAME, STACK_NAME_PREFIX } from '../../orchestrator/contract';
import { DeployerError, DeployerErrors } from './errors';

import { CAPABILITIES, MAX_TEMPLATE_BODY_BYTES, STACK_NAME_PATTERN } from './limits';

export { CAPABILITIES, MAX_TEMPLATE_BODY_BYTES } from './limits';

/** CloudFormation's limit on tags per stack. */
export const MAX_TAGS = 50;

const parameters = z.record(
  z.string().regex(/^[A-Za-z0-9]{1,255}$/, 'is not a CloudFormation parameter name: letters and digits only'),
  z.string({ invalid_type_error: 'must be a string (CloudFormation parameter values are strings): quote it' }),
  { invalid_type_error: 'must be an object of parameter names to string values' },
);

/** Overrides keyed by account, OU or region: a misspelt key would silently apply nowhere. */
function keyed(key: RegExp, what: string) {
  return z.record(z.string().regex(key, `is not ${what}`), parameters, { invalid_type_error: `must be an object keyed by ${what}` });
}

const ACCOUNT_ID = /^\d{12}$/;
const OU_OR_ROOT_ID = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const tags = z
  .record(
    z.string().min(1, 'is an empty tag key').max(128, 'is over the 128 characters a tag key may have').refine((k) => !k.startsWith('aws:'), 'is a tag key in the reserved aws: namespace: choose another key'),
    z.string({ invalid_type_error: 'must be a string' }).max(256, 'is over the 256 characters a tag value may have'),
    { invalid_type_error: 'must be an object of tag keys to string values' },
  )
  .refine((t) => Object.keys(t).length <= MAX_TAGS, `has more than the ${MAX_TAGS} tags CloudFormation allows on a stack: drop some`);

const schema = z
  .object(
    {
      StackName: z
        .string({ required_error: `is required: name the stack, e.g. "${STACK_NAME_PREFIX}buckets"`, invalid_type_error: 'must be a string' })
        .refine((v) => v.startsWith(STACK_NAME_PREFIX), `must start with "${STACK_NAME_PREFIX}": the member role may only touch stacks named so`)
        .refine((v) => STACK_NAME_PATTERN.test(v), 'is not a CloudFormation stack name: a letter, then letters, digits and -, at most 128 characters'),
      TemplateBody: z
        .string({ invalid_type_error: 'must be the template text (JSON or YAML) as a string' })
        .min(1, 'is empty: give the template text, or use TemplateS3Uri')
        .refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_TEMPLATE_BODY_BYTES, `is over CloudFormation's ${MAX_TEMPLATE_BODY_BYTES}-byte TemplateBody limit: put the template in S3 and pass TemplateS3Uri`)
        .optional(),
      TemplateS3Uri: z
        .string({ invalid_type_error: 'must be a string s3://bucket/key' })
        .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/, 'must be s3://bucket/key (an object in the hub account), not an https URL')
        .optional(),
      Parameters: parameters.optional(),
      ParameterOverrides: z
        .object(
          {
            Accounts: keyed(ACCOUNT_ID, 'a 12-digit account id').optional(),
            OrganizationalUnits: keyed(OU_OR_ROOT_ID, 'an OU id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)').optional(),
            Regions: keyed(REGION, 'a region name such as eu-west-1').optional(),
          },
          { invalid_type_error: 'must be an object with Accounts, OrganizationalUnits and/or Regions' },
        )
        .strict()
        .optional(),
      Tags: tags.optional(),
      Capabilities: z
        .array(z.enum(CAPABILITIES, { errorMap: () => ({ message: `must be one of ${CAPABILITIES.join(', ')}` }) }), { invalid_type_error: 'must be a list' })
        .optional(),
      ExecutionRoleName: z
        .string({ invalid_type_error: 'must be a string' })
        .regex(/^[\w+=,.@-]{1,64}$/, 'is not an IAM role name: 1 to 64 letters, digits and +=,.@_- (a name, not an ARN)')
        .default(DEFAULT_EXECUTION_ROLE_NAME),
      TerminationProtection: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
      Action: z.enum(['deploy', 'delete'], { errorMap: () => ({ message: 'must be "deploy" or "delete"' }) }).default('deploy'),
      PlanOnly: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
    },
    { invalid_type_error: 'must be an object with StackName and TemplateBody or TemplateS3Uri' },
  )
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
