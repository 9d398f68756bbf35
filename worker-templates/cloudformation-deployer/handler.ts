import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { defineWorker, type WorkFunction } from '../lib';
import { TargetDeployment, type DeployDeps } from './deploy-target';
import type { DeployResult } from './outcome';
import { parseDeployerPayload } from './payload';
import { readState } from './state';

/** The deployer as a worker function; `deps` replaces the member CloudFormation client in tests. */
export function deployer(deps: Partial<DeployDeps> = {}): WorkFunction<unknown, DeployResult> {
  return async (ctx) => {
    const payload = parseDeployerPayload(ctx.payload);
    const cfn = deps.cfn ?? new CloudFormationClient(ctx.clientConfig);
    return new TargetDeployment(ctx, payload, { ...deps, cfn }).advance(readState(ctx.state));
  };
}

export const handler = defineWorker(deployer());
