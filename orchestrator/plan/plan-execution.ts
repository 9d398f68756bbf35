import type { AccountClient } from '@aws-sdk/client-account';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { S3Client } from '@aws-sdk/client-s3';
import { InvalidInputError, PlanFailedError, executionPrefix, type PlanResult } from '../contract';
import { readerName } from './call-errors';
import { ACTIVE, organizationalUnitPaths } from './org-snapshot';
import { buildPlanResult } from './plan-output';
import { planTargets } from './plan-targets';
import { callerAccount } from './org-reader';
import { readOrganization } from './read-organization';
import { needsPerAccountCheck, readEnabledRegions, readRegionCatalogue, type RegionCatalogue } from './read-regions';
import { selectAccounts } from './select-accounts';
import type { PlanSettings } from './settings';
import { splitWaves } from './split-waves';
import { validateExecutionInput, type ValidatedInput } from './validate-input';
import { writePlanFiles } from './write-plan';

/** A validated request: nothing has been called yet when this exists. */
export interface PlanRequest {
  readonly input: ValidatedInput;
  readonly executionId: string;
  readonly executionName: string;
}

export interface PlanServices {
  readonly organizations: OrganizationsClient;
  readonly account: AccountClient;
  readonly s3: S3Client;
}

function executionField(event: Record<string, unknown>, key: 'Id' | 'Name'): string {
  const execution = event.Execution as Record<string, unknown> | undefined;
  const value = execution?.[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new PlanFailedError(
      `Execution.${key} is missing from the Plan event; the state machine must pass {Input: $, Execution: {Id: $$.Execution.Id, Name: $$.Execution.Name}}`,
    );
  }
  return value;
}

/**
 * Reads the Plan event `{Input, Execution: {Id, Name}}` and validates the input against
 * the host, before any call is made.
 */
export function preparePlan(event: unknown, settings: PlanSettings): PlanRequest {
  const record = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  const executionId = executionField(record, 'Id');
  const executionName = executionField(record, 'Name');
  return { input: validateExecutionInput(record.Input, settings.host), executionId, executionName };
}

/** A region nobody can run in is a typo: refuse it rather than skip it in every account. */
function checkRegionsKnown(request: PlanRequest, settings: PlanSettings, catalogue: RegionCatalogue): void {
  if (catalogue.known.size === 0) return;
  const listed = [...catalogue.known].sort().join(', ');
  request.input.regions?.forEach((region, i) => {
    if (!catalogue.known.has(region)) {
      throw new InvalidInputError(`Regions[${i}]`, `"${region}" is not a region AWS lists here; use one of ${listed}`);
    }
  });
  if (request.input.regions !== undefined) return;
  const unknown = settings.defaultRegions?.find((region) => !catalogue.known.has(region));
  if (unknown !== undefined) {
    throw new PlanFailedError(`DEFAULT_REGIONS: "${unknown}" is not a region AWS lists here; use regions among ${listed}`);
  }
}

/**
 * Plans an execution: targets from the organization, regions enabled where they run,
 * waves written to S3, and the plan the state machine carries.
 */
export async function planExecution(services: PlanServices, settings: PlanSettings, request: PlanRequest): Promise<PlanResult> {
  const { input } = request;
  const reader = readerName(settings.orgReaderRoleArn);
  const waveOus = (input.waves ?? []).flatMap((wave) => ('members' in wave ? wave.members.organizationalUnits : []));
  const snapshot = await readOrganization(services.organizations, {
    targets: input.targets,
    reader,
    moreOrganizationalUnits: waveOus,
    wholeTree: input.includeOrganizationalUnitIds,
  });
  const accounts = selectAccounts(snapshot, input.targets, settings.host.accountId);

  const catalogue = await readRegionCatalogue(services.account, reader);
  checkRegionsKnown(request, settings, catalogue);
  const requested = input.regions ?? settings.defaultRegions;
  const active = accounts.filter((a) => a.State === ACTIVE).map((a) => a.Id);
  const enabledIn =
    active.length > 0 && needsPerAccountCheck(requested, catalogue)
      ? await readEnabledRegions(services.account, { accountIds: active, callerAccountId: callerAccount(settings.orgReaderRoleArn, settings.host.accountId), reader })
      : new Map<string, Set<string>>();

  const paths = input.includeOrganizationalUnitIds ? organizationalUnitPaths(snapshot.children) : new Map<string, string[]>();
  const planned = planTargets(accounts, { requested, enabledByDefault: catalogue.enabledByDefault, enabledIn }, (id) => paths.get(id) ?? []);
  const waves = splitWaves(planned.items, input.waves, snapshot);
  const prefix = executionPrefix(input.worker.FunctionName, input.worker.Qualifier, request.executionName);
  const written = await writePlanFiles(services.s3, { bucket: settings.bucket, prefix, waves, skipped: planned.skipped });
  return buildPlanResult({
    input,
    settings,
    executionId: request.executionId,
    executionName: request.executionName,
    prefix,
    waves,
    skippedCount: planned.skipped.length,
    written,
  });
}
