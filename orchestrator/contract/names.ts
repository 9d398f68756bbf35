/**
 * Names both sides of the trust must agree on: the orchestrator's policies and the
 * roles that member accounts carry.
 */
export const ASSUMABLE_TAG_KEY = 'stepeverywhere:assumable';
export const ASSUMABLE_TAG_VALUE = 'true';

/** Only functions whose names start with this may be invoked as workers. */
export const WORKER_FUNCTION_PREFIX = 'StepEverywhere_';

/** Stacks the CloudFormation deployer may touch start with this. */
export const STACK_NAME_PREFIX = 'StepEverywhere-';

export const DEFAULT_MEMBER_ROLE_NAME = 'StepEverywhereMember';
export const DEFAULT_EXECUTION_ROLE_NAME = 'StepEverywhereCloudFormationExecution';
export const DEFAULT_ORG_READER_ROLE_NAME = 'StepEverywhereOrgReader';
