import { WORKER_FUNCTION_PREFIX } from '../orchestrator/contract';

/** The worker as the results layout names it: bare function name and qualifier. */
export interface WorkerName {
  readonly functionName: string;
  readonly qualifier: string;
}

const LATEST = '$LATEST';
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const QUALIFIER = /^(\$LATEST|[0-9]+|[a-zA-Z0-9_-]{1,128})$/;
const ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:([^:]+)(?::([^:]+))?$/;

export const WORKER_FORMS = `${WORKER_FUNCTION_PREFIX}name, ${WORKER_FUNCTION_PREFIX}name:alias or a Lambda function ARN`;

/**
 * Splits the execution input's `Function` the way the Plan step does, so the CLI finds the
 * results prefix without asking the state machine. Undefined when it is not a function.
 */
export function splitWorker(text: string): WorkerName | undefined {
  const arn = ARN.exec(text);
  let name: string;
  let qualifier: string | undefined;
  if (arn) {
    [name, qualifier] = [arn[1], arn[2]];
  } else {
    if (text.startsWith('arn:')) return undefined;
    const parts = text.split(':');
    if (parts.length > 2) return undefined;
    [name, qualifier] = [parts[0], parts[1]];
  }
  if (!NAME.test(name)) return undefined;
  if (qualifier !== undefined && !QUALIFIER.test(qualifier)) return undefined;
  return { functionName: name, qualifier: qualifier ?? LATEST };
}

/** Why a worker text is refused, with the fix; undefined when it is acceptable. */
export function workerProblem(text: string): string | undefined {
  const worker = splitWorker(text);
  if (worker === undefined) return `is not a Lambda function name or ARN — give ${WORKER_FORMS}`;
  if (!worker.functionName.startsWith(WORKER_FUNCTION_PREFIX)) {
    return `does not start with "${WORKER_FUNCTION_PREFIX}" — only ${WORKER_FUNCTION_PREFIX}* functions may be workers; rename or wrap the function`;
  }
  return undefined;
}
