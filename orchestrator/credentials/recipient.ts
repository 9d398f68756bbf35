import { GetFunctionConfigurationCommand, type GetFunctionConfigurationCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import { WorkerNotAllowedError } from '../contract';

/** Resolves a worker (name or `name:qualifier`) to the role it runs as. */
export type RecipientLookup = (functionTarget: string) => Promise<string>;

/**
 * The recipient is the worker's execution role: only that role may decrypt the
 * credentials. A function's role changes only on redeploy, so one lookup per function per
 * warm container is enough, instead of one per account.
 */
export function makeRecipientLookup(lambda: LambdaClient): RecipientLookup {
  const cache = new Map<string, Promise<string>>();
  return (functionTarget) => {
    let pending = cache.get(functionTarget);
    if (!pending) {
      pending = fetchRole(lambda, functionTarget);
      cache.set(functionTarget, pending);
      // A failed lookup is not remembered: the next account asks again.
      pending.catch(() => cache.delete(functionTarget));
    }
    return pending;
  };
}

async function fetchRole(lambda: LambdaClient, functionTarget: string): Promise<string> {
  let configuration: GetFunctionConfigurationCommandOutput;
  try {
    configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionTarget }));
  } catch (error) {
    // Every account would fail alike: say which worker is missing and where it must be.
    if ((error as { name?: unknown }).name === 'ResourceNotFoundException') {
      throw new WorkerNotAllowedError(
        `Function ${functionTarget}: no such Lambda function (or version, alias) in the orchestrator's account and region; deploy the worker there, or name an existing one in Function (a deployment file's worker)`,
      );
    }
    throw error;
  }
  if (!configuration.Role) {
    throw new Error(`Lambda GetFunctionConfiguration of ${functionTarget} answered without an execution role`);
  }
  return configuration.Role;
}
