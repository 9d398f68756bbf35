/**
 * The deployer's error names: what a FAILED target's `Error` says, so a summary groups
 * failures by what went wrong and an operator can search for the fix.
 */
export const DeployerErrors = {
  /** The payload is malformed; the cause names the field and the fix. */
  INVALID_PAYLOAD: 'StepEverywhere.Deployer.InvalidPayload',
  /** TemplateS3Uri names no object the deployer can read. */
  TEMPLATE_NOT_FOUND: 'StepEverywhere.Deployer.TemplateNotFound',
  /** The template is over CloudFormation's size limit. */
  TEMPLATE_TOO_LARGE: 'StepEverywhere.Deployer.TemplateTooLarge',
  /** CloudFormation refused the template or the parameters (its ValidationError). */
  TEMPLATE_REFUSED: 'StepEverywhere.Deployer.TemplateRefused',
  /** The change set could not be created for a reason other than "no changes". */
  CHANGE_SET_FAILED: 'StepEverywhere.Deployer.ChangeSetFailed',
  /** The operation failed and CloudFormation rolled the stack back. */
  ROLLED_BACK: 'StepEverywhere.Deployer.RolledBack',
  /** The stack is in a state only a person can resolve; the cause says how. */
  STACK_NEEDS_ATTENTION: 'StepEverywhere.Deployer.StackNeedsAttention',
  /** Deleting the stack failed. */
  DELETE_FAILED: 'StepEverywhere.Deployer.DeleteFailed',
} as const;

export type DeployerErrorName = (typeof DeployerErrors)[keyof typeof DeployerErrors];

/** A failure the deployer reports as the target's outcome (defineWorker turns it into FAILED). */
export class DeployerError extends Error {
  public constructor(
    public override readonly name: DeployerErrorName,
    message: string,
  ) {
    super(message);
  }
}

/** An SDK error's name and message, for causes: CloudFormation's own words are the most useful. */
export function said(error: unknown): { name: string; message: string } {
  const e = error as { name?: string; message?: string };
  return { name: e.name ?? 'Error', message: e.message ?? String(error) };
}
