import type { ExecutionInput, FailureToleranceInput, TargetsInput } from '../orchestrator/contract';
import type { Deployment } from './deployment-file';

function targetsInput(targets: NonNullable<Deployment['targets']>): TargetsInput | undefined {
  const exclude = targets.exclude && {
    ...(targets.exclude.accounts ? { Accounts: targets.exclude.accounts } : {}),
    ...(targets.exclude.organizationalUnits ? { OrganizationalUnits: targets.exclude.organizationalUnits } : {}),
  };
  const input: TargetsInput = {
    ...(targets.accounts ? { Accounts: targets.accounts } : {}),
    ...(targets.organizationalUnits ? { OrganizationalUnits: targets.organizationalUnits } : {}),
    ...(exclude && Object.keys(exclude).length > 0 ? { Exclude: exclude } : {}),
    ...(targets.includeHostAccount !== undefined ? { IncludeHostAccount: targets.includeHostAccount } : {}),
  };
  return Object.keys(input).length > 0 ? input : undefined;
}

function toleranceInput(tolerance: NonNullable<Deployment['tolerance']>): FailureToleranceInput {
  // The schema has already checked that exactly one of the two is given.
  return tolerance.count !== undefined ? { Count: tolerance.count } : { Percentage: tolerance.percentage ?? 0 };
}

/**
 * A checked deployment as the state machine's input. Fields the deployment leaves out are
 * left out of the input too, so the orchestrator's own defaults apply.
 */
export function toExecutionInput(deployment: Deployment): ExecutionInput {
  const targets = deployment.targets && targetsInput(deployment.targets);
  return {
    Function: deployment.worker,
    ...(deployment.regions ? { Regions: deployment.regions } : {}),
    ...(targets ? { Targets: targets } : {}),
    ...(deployment.payload !== undefined ? { Payload: deployment.payload } : {}),
    ...(deployment.tolerance ? { FailureTolerance: toleranceInput(deployment.tolerance) } : {}),
    ...(deployment.maxConcurrency !== undefined ? { MaxConcurrency: deployment.maxConcurrency } : {}),
    ...(deployment.waves ? { Waves: deployment.waves } : {}),
  };
}

/** Step Functions keeps a Standard execution's name unique for 90 days, so each run gets a timestamp. */
export function executionName(deploymentName: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${deploymentName}-${stamp}`;
}

/** Step Functions' rules for a name, narrowed to characters that are safe in an S3 key too. */
export const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
