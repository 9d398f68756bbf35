import type { ExecutionInput, FailureToleranceInput, TargetsInput, WaveMembers } from '../orchestrator/contract';
import { STACK_NAME_PREFIX } from '../orchestrator/contract';
import type { Deployment } from './deployment-file';

/** Where the deployer finds the template: inline, or an object of the hub the deployer's role may read. */
export type TemplateSource = { readonly body: string } | { readonly s3Uri: string };

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

function wavesInput(waves: NonNullable<Deployment['waves']>): Array<number | string | WaveMembers> {
  return waves.map((wave) =>
    typeof wave === 'object'
      ? { ...(wave.accounts ? { Accounts: wave.accounts } : {}), ...(wave.organizationalUnits ? { OrganizationalUnits: wave.organizationalUnits } : {}) }
      : wave,
  );
}

type ParameterMap = Record<string, string | number | boolean>;

/** CloudFormation takes parameter values as strings; a YAML `30` or `true` means the same. */
function asStrings(parameters: ParameterMap | undefined): Record<string, string> | undefined {
  return parameters && Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v)]));
}

function eachAsStrings(byKey: Record<string, ParameterMap> | undefined): Record<string, Record<string, string>> | undefined {
  return byKey && Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, asStrings(v) ?? {}]));
}

/** The deployer's payload from the file's fields (`payload` may add fields; the file's own fields win). */
export function deployerPayload(deployment: Deployment, template: TemplateSource | undefined): Record<string, unknown> {
  const overrides = deployment.overrides && {
    ...(deployment.overrides.accounts ? { Accounts: eachAsStrings(deployment.overrides.accounts) } : {}),
    ...(deployment.overrides.organizationalUnits ? { OrganizationalUnits: eachAsStrings(deployment.overrides.organizationalUnits) } : {}),
    ...(deployment.overrides.regions ? { Regions: eachAsStrings(deployment.overrides.regions) } : {}),
  };
  const extra = typeof deployment.payload === 'object' && deployment.payload !== null ? (deployment.payload as Record<string, unknown>) : {};
  return {
    ...extra,
    StackName: deployment.stackName ?? `${STACK_NAME_PREFIX}${deployment.name}`,
    ...(template && 'body' in template ? { TemplateBody: template.body } : {}),
    ...(template && 's3Uri' in template ? { TemplateS3Uri: template.s3Uri } : {}),
    ...(deployment.parameters ? { Parameters: asStrings(deployment.parameters) } : {}),
    ...(overrides ? { ParameterOverrides: overrides } : {}),
    ...(deployment.capabilities ? { Capabilities: deployment.capabilities } : {}),
    ...(deployment.tags ? { Tags: deployment.tags } : {}),
    ...(deployment.executionRoleName ? { ExecutionRoleName: deployment.executionRoleName } : {}),
    ...(deployment.terminationProtection !== undefined ? { TerminationProtection: deployment.terminationProtection } : {}),
    ...(deployment.action ? { Action: deployment.action } : {}),
    ...(deployment.planOnly !== undefined ? { PlanOnly: deployment.planOnly } : {}),
  };
}

function usesDeployerFields(deployment: Deployment): boolean {
  return deployment.template !== undefined || deployment.action !== undefined || deployment.stackName !== undefined;
}

/**
 * A checked deployment as the state machine's input. Fields the deployment leaves out are
 * left out of the input too, so the orchestrator's own defaults apply. A deployment of
 * the CloudFormation deployer needs where its template is: inline or in S3.
 */
export function toExecutionInput(deployment: Deployment, template?: TemplateSource): ExecutionInput {
  const targets = deployment.targets && targetsInput(deployment.targets);
  const payload = usesDeployerFields(deployment) ? deployerPayload(deployment, template) : deployment.payload;
  return {
    Function: deployment.worker,
    ...(deployment.regions ? { Regions: deployment.regions } : {}),
    ...(targets ? { Targets: targets } : {}),
    ...(payload !== undefined ? { Payload: payload } : {}),
    ...(deployment.tolerance ? { FailureTolerance: toleranceInput(deployment.tolerance) } : {}),
    ...(deployment.maxConcurrency !== undefined ? { MaxConcurrency: deployment.maxConcurrency } : {}),
    ...(deployment.waves ? { Waves: wavesInput(deployment.waves) } : {}),
    ...(deployment.overrides?.organizationalUnits ? { IncludeOrganizationalUnitIds: true } : {}),
    ...(deployment.notify?.onSuccess ? { NotifyOnSuccess: true } : {}),
  };
}

/** Step Functions keeps a Standard execution's name unique for 90 days, so each run gets a timestamp. */
export function executionName(deploymentName: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${deploymentName}-${stamp}`;
}

/** Step Functions' rules for a name, narrowed to characters that are safe in an S3 key too. */
export const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
