import type { FunctionRunner } from '../../lambda/runner';
import type { RoleSessions } from '../../lambda/role-sessions';
import type { CloudContext } from '../service';

/** What runs the functions of one cloud: its thread pools, role sessions and concurrency counts. */
export interface LambdaRuntime {
  readonly runner: FunctionRunner;
  readonly sessions: RoleSessions;
  /** Invocations at once per account and region, as Lambda's account concurrency quota counts them. */
  readonly concurrencyLimit: number;
  readonly inFlight: Map<string, number>;
  /** Invocations admitted and those refused with TooManyRequestsException, since the cloud started. */
  readonly counts: { invoked: number; throttled: number };
}

/**
 * One runtime per cloud, registered by the Lambda service when the cloud builds it, so the
 * programmatic API (`invokeFunction(cloud, …)`, used by Step Functions) and the HTTP API share
 * the same warm sandboxes and the same concurrency count.
 */
const runtimes = new WeakMap<CloudContext, LambdaRuntime>();

export function registerRuntime(cloud: CloudContext, runtime: LambdaRuntime): void {
  runtimes.set(cloud, runtime);
}

export function runtimeOf(cloud: CloudContext): LambdaRuntime | undefined {
  return runtimes.get(cloud);
}

export function requireRuntime(cloud: CloudContext): LambdaRuntime {
  const runtime = runtimes.get(cloud);
  if (!runtime) {
    throw new Error('this cloud runs no functions: give startLocalCloud the Lambda service, services: [lambdaService({ endpoint })]');
  }
  return runtime;
}
