import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, LocalService, LocalServiceFactory } from '../service';
import { Executions, registerExecutions } from './executions';
import { operations } from './operations';

export const STATES_TARGET_PREFIX = 'AWSStepFunctions';

export interface StepFunctionsServiceOptions {
  /** The cloud's endpoint: the Distributed Map reads and writes S3 through it as the state machine's role. */
  readonly endpoint: () => string;
  /** Keep every history event for GetExecutionHistory. @default true */
  readonly recordHistory?: boolean;
  /** Share of their time Wait states and Retry intervals sleep. @default 1 */
  readonly waitScale?: number;
}

/**
 * AWS Step Functions (JSON 1.0, SigV4 service `states`): Standard state machines run by the
 * local engine (local/stepfunctions) as their role, executions started in the background and
 * kept on disk with their history and Map Runs. Every call is authorized against the caller's
 * policies; errors have Step Functions' codes.
 */
export function stepFunctionsService(options: StepFunctionsServiceOptions): LocalServiceFactory {
  return (cloud: CloudContext): LocalService => {
    const executions = new Executions(cloud, {
      endpoint: options.endpoint,
      ...(options.recordHistory === undefined ? {} : { recordHistory: options.recordHistory }),
      ...(options.waitScale === undefined ? {} : { waitScale: options.waitScale }),
    });
    registerExecutions(cloud, executions);
    return {
      name: 'states',
      protocol: 'json-1.0',
      targetPrefix: STATES_TARGET_PREFIX,
      handle: async (request) => {
        const operation = operations[request.action];
        if (!operation) {
          throw new AwsError('UnknownOperationException', `The local Step Functions does not serve ${request.action}; it serves: ${Object.keys(operations).join(', ')}.`, 400);
        }
        return operation(request, cloud, executions);
      },
    };
  };
}
