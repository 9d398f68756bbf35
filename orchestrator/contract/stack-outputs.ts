/**
 * How clients find a deployed orchestrator: the stack's name and its output names. Kept in
 * the contract so the CLI reads them without loading the CDK.
 */
/** Output names of the orchestrator stack. */
export const OrchestratorOutputs = {
  STATE_MACHINE_ARN: 'StateMachineArn',
  RESULTS_BUCKET: 'ResultsBucketName',
  TOPIC_ARN: 'NotificationTopicArn',
  CREDENTIALS_ROLE_ARN: 'CredentialsRoleArn',
  PLAN_ROLE_ARN: 'PlanRoleArn',
} as const;

/** The stack name the app deploys the orchestrator as. */
export const ORCHESTRATOR_STACK_NAME = 'StepEverywhere';

