import { z } from 'zod';
import { STACK_NAME_PREFIX } from '../orchestrator/contract';
import { ACCOUNT_ID_PATTERN, OU_ID_PATTERN, REGION_PATTERN, ROOT_ID_PATTERN } from '../orchestrator/plan/input-fields';
import { CAPABILITIES, STACK_NAME_PATTERN } from '../worker-templates/cloudformation-deployer/limits';

/**
 * The deployment-file fields of the bundled CloudFormation deployer. They become its
 * payload (see `deployerPayload`), so a file says what to deploy without writing JSON.
 */

const parameterValue = z.union([z.string(), z.number(), z.boolean()], {
  invalid_type_error: 'must be a string, number or true/false — CloudFormation parameters are scalars; join a list with commas',
});

const parameterMap = z.record(
  z.string().regex(/^[A-Za-z0-9]{1,255}$/, 'is not a parameter name — CloudFormation parameter names are letters and digits'),
  parameterValue,
  { invalid_type_error: 'must be a mapping of parameter name to value — write {BucketRetentionDays: 30}' },
);

const keyedParameters = (what: string, pattern: RegExp, example: string) =>
  z.record(z.string().regex(pattern, `is not ${what} — give e.g. ${example}`), parameterMap, {
    invalid_type_error: `must be a mapping of ${what} to parameters — write {${example}: {Name: value}}`,
  });

export const deployerFields = {
  template: z
    .string({ invalid_type_error: 'must be a path — give the template file relative to this deployment file, e.g. ../templates/bucket.yaml' })
    .min(1, 'is empty — give the template file relative to this deployment file, e.g. ../templates/bucket.yaml')
    .optional(),
  stackName: z
    .string({ invalid_type_error: `must be a string — write stackName: ${STACK_NAME_PREFIX}my-stack` })
    .refine((v) => v.startsWith(STACK_NAME_PREFIX), {
      message: `must start with ${STACK_NAME_PREFIX} — member roles may only touch stacks named so; write ${STACK_NAME_PREFIX}<name>`,
    })
    .refine((v) => STACK_NAME_PATTERN.test(v), {
      message: 'is not a CloudFormation stack name — use a letter first, then letters, digits and -, at most 128 characters',
    })
    .optional(),
  parameters: parameterMap.optional(),
  overrides: z
    .object(
      {
        accounts: keyedParameters('an account id', ACCOUNT_ID_PATTERN, '"123456789012"').optional(),
        organizationalUnits: keyedParameters('an OU or root id', new RegExp(`${OU_ID_PATTERN.source}|${ROOT_ID_PATTERN.source}`), 'ou-ab12-cdef3456').optional(),
        regions: keyedParameters('a region code', REGION_PATTERN, 'eu-west-1').optional(),
      },
      { invalid_type_error: 'must be a mapping — write overrides: {accounts: {...}, organizationalUnits: {...}, regions: {...}}' },
    )
    .strict()
    .optional(),
  capabilities: z
    .array(z.enum(CAPABILITIES, { errorMap: () => ({ message: `is not a capability — use one of ${CAPABILITIES.join(', ')}` }) }), {
      invalid_type_error: 'must be a list — write [CAPABILITY_NAMED_IAM]',
    })
    .optional(),
  tags: z
    .record(z.string().min(1).max(128), z.string({ invalid_type_error: 'must be a string — quote tag values' }).max(256), {
      invalid_type_error: 'must be a mapping of tag key to value — write {team: platform}',
    })
    .optional(),
  executionRoleName: z
    .string({ invalid_type_error: 'must be a role name — write executionRoleName: StepEverywhereCloudFormationExecution' })
    .regex(/^[\w+=,.@-]{1,64}$/, 'is not an IAM role name — use up to 64 letters, digits and +=,.@_-')
    .optional(),
  terminationProtection: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
  action: z.enum(['deploy', 'delete'], { errorMap: () => ({ message: 'must be deploy or delete' }) }).optional(),
  planOnly: z.boolean({ invalid_type_error: 'must be true or false — planOnly: true creates change sets and reports them without executing' }).optional(),
};

export type DeployerFieldName = keyof typeof deployerFields;
export const DEPLOYER_FIELD_NAMES = Object.keys(deployerFields) as DeployerFieldName[];
