import { InvalidInputError } from '../contract';
import { expectObject, expectStringList, regionName, rejectUnknownKeys, roleName, shown, typeName } from './input-fields';
import { validateMaxConcurrency, validateTolerance, validateWaves, type Tolerance, type WaveSize } from './validate-run-options';
import { validateTargets, type ValidatedTargets } from './validate-targets';
import { workerFunction, type HostIdentity, type WorkerFunction } from './worker-function';

/** The execution input after validation, with the input's own defaults applied. */
export interface ValidatedInput {
  readonly regions?: string[];
  readonly roleName?: string;
  readonly worker: WorkerFunction;
  readonly payload: unknown;
  readonly targets: ValidatedTargets;
  readonly tolerance?: Tolerance;
  readonly maxConcurrency?: number;
  readonly waves?: WaveSize[];
  readonly includeOrganizationalUnitIds: boolean;
  readonly notifyOnSuccess: boolean;
}

/** Every field of ExecutionInput; the first four are the original step-everywhere input. */
export const INPUT_FIELDS = [
  'Regions',
  'RoleName',
  'Function',
  'Payload',
  'Targets',
  'FailureTolerance',
  'MaxConcurrency',
  'Waves',
  'IncludeOrganizationalUnitIds',
  'NotifyOnSuccess',
] as const;

function flag(input: Record<string, unknown>, field: string): boolean {
  const value = input[field];
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidInputError(field, `must be true or false (without quotes), got ${typeName(value)} ${shown(value)}`);
  }
  return value === true;
}

/**
 * Checks the raw execution input completely before anything is read or written, so a
 * mistake costs no AssumeRole and leaves no partial plan behind. Each problem is an
 * InvalidInputError naming the field as a dotted path and the way to fix it.
 */
export function validateExecutionInput(raw: unknown, host: HostIdentity): ValidatedInput {
  const input = expectObject(raw, 'Input', '{"Function": "StepEverywhere_name", "Regions": ["eu-west-1"]}');
  rejectUnknownKeys(input, INPUT_FIELDS, '');
  if (input.Function === undefined) {
    throw new InvalidInputError('Function', 'is required; name the worker Lambda, e.g. "StepEverywhere_Inventory"');
  }
  const worker = workerFunction(input.Function, host);
  const includeOus = flag(input, 'IncludeOrganizationalUnitIds');
  const notifyOnSuccess = flag(input, 'NotifyOnSuccess');
  const regions =
    input.Regions === undefined
      ? undefined
      : expectStringList(input.Regions, 'Regions', 'list region names, or leave the field out for the default regions', regionName);
  return {
    regions,
    roleName: input.RoleName === undefined ? undefined : roleName(input.RoleName, 'RoleName'),
    worker,
    payload: input.Payload === undefined ? {} : input.Payload,
    targets: validateTargets(input.Targets),
    tolerance: validateTolerance(input.FailureTolerance),
    maxConcurrency: validateMaxConcurrency(input.MaxConcurrency),
    waves: validateWaves(input.Waves),
    includeOrganizationalUnitIds: includeOus,
    notifyOnSuccess,
  };
}
