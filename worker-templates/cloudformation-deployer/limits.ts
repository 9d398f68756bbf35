/**
 * CloudFormation's own limits, as the deployer and the CLI that writes its payload both check
 * them: one place, so the file check before a run and the worker's check cannot disagree.
 */

/** The most a template passed inline (TemplateBody) may hold. */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;
/** The most CloudFormation reads from a TemplateURL. */
export const MAX_TEMPLATE_URL_BYTES = 1_048_576;
/** A stack name: a letter, then letters, digits and hyphens, at most 128 characters. */
export const STACK_NAME_PATTERN = /^[A-Za-z][-A-Za-z0-9]{0,127}$/;
export const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;
