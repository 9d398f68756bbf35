import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { defineWorker, type WorkFunction } from '../lib';
import { TargetDeployment, type DeployDeps } from './deploy-target';
import type { DeployResult } from './outcome';
import { parseDeployerPayload } from './payload';
import { readState } from './state';
import { isTransient, TRANSIENT_RETRY_SECONDS } from './transient';

/** The deployer as a worker function; `deps` replaces the member CloudFormation client in tests. */
export function deployer(deps: Partial<DeployDeps> = {}): WorkFunction<unknown, DeployResult> {
  return async (ctx) => {
    const payload = parseDeployerPayload(ctx.payload);
    const cfn = deps.cfn ?? new CloudFormationClient(ctx.clientConfig);
    const state = readState(ctx.state);
    try {
      return await new TargetDeployment(ctx, payload, { ...deps, cfn }).advance(state);
    } catch (error) {
      // The same step, with the same names and tokens, is taken again at the next poll.
      if (isTransient(error)) return { Status: 'IN_PROGRESS', PollAfterSeconds: TRANSIENT_RETRY_SECONDS, State: state };
      throw error;
    }
  };
}

export const handler = defineWorker(deployer());
