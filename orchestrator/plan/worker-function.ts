import { InvalidInputError, WORKER_FUNCTION_PREFIX } from '../contract';
import { expectString, shown } from './input-fields';

/** Where the orchestrator runs; a worker must live there too. */
export interface HostIdentity {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

/** The input's `Function`, split the way the run context carries it. */
export interface WorkerFunction {
  /** The bare function name, never an ARN: it names the results folder. */
  readonly FunctionName: string;
  /** `$LATEST` when the input gave none. */
  readonly Qualifier: string;
  /** What `lambda:invoke` is given: the input as written. */
  readonly FunctionTarget: string;
}

export const LATEST = '$LATEST';

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** `$LATEST`, a version number or an alias name. */
const QUALIFIER = /^(\$LATEST|[0-9]+|[a-zA-Z0-9_-]{1,128})$/;
const ARN = /^arn:([a-z-]+):lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/;

const FORMS = `"${WORKER_FUNCTION_PREFIX}name", "${WORKER_FUNCTION_PREFIX}name:alias" or "arn:aws:lambda:REGION:ACCOUNT:function:${WORKER_FUNCTION_PREFIX}name[:alias]"`;

/**
 * Parses and checks the worker function. Only `StepEverywhere_*` functions may be workers
 * (the orchestrator's roles are scoped to that prefix), and only in the host's own account
 * and region: a function elsewhere could not be invoked with the grants the stack makes.
 */
export function workerFunction(value: unknown, host: HostIdentity, field = 'Function'): WorkerFunction {
  const text = expectString(value, field, `the worker Lambda, ${FORMS}`);
  const arn = ARN.exec(text);
  let name: string;
  let qualifier: string | undefined;
  if (arn) {
    const [, partition, region, account] = arn;
    [name, qualifier] = [arn[4], arn[5]];
    if (account !== host.accountId || region !== host.region || partition !== host.partition) {
      throw new InvalidInputError(
        field,
        `${shown(text)} is in account ${account}, region ${region}; a worker must be in the orchestrator's account ` +
          `${host.accountId} and region ${host.region}: deploy it there or give its name instead of the ARN`,
      );
    }
  } else if (text.startsWith('arn:') || text.includes(':function:')) {
    throw new InvalidInputError(field, `${shown(text)} is not a Lambda function ARN; use ${FORMS}`);
  } else {
    const parts = text.split(':');
    if (parts.length > 2) throw new InvalidInputError(field, `${shown(text)} is not a function name; use ${FORMS}`);
    [name, qualifier] = [parts[0], parts[1]];
  }
  if (!NAME.test(name)) {
    throw new InvalidInputError(
      field,
      `${shown(name)} is not a Lambda function name (1-64 letters, digits, - or _); use ${FORMS}`,
    );
  }
  if (!name.startsWith(WORKER_FUNCTION_PREFIX)) {
    throw new InvalidInputError(
      field,
      `${shown(name)} does not start with "${WORKER_FUNCTION_PREFIX}"; only functions named ${WORKER_FUNCTION_PREFIX}* may be workers, rename or wrap the function`,
    );
  }
  if (qualifier !== undefined && !QUALIFIER.test(qualifier)) {
    throw new InvalidInputError(
      field,
      `${shown(qualifier)} is not a version or alias; use a version number, an alias name or ${LATEST} after the colon`,
    );
  }
  return { FunctionName: name, Qualifier: qualifier ?? LATEST, FunctionTarget: text };
}
