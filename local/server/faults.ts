import { AwsError } from '../protocols/aws-error';
import { commonError, type Protocol } from '../protocols/common-errors';

/** What an injected fault does to one call. */
export type Fault =
  | { readonly throttle: true }
  | { readonly error: { readonly code: string; readonly status: number; readonly message: string } }
  | { readonly latencyMs: number };

/**
 * Consulted before every dispatch; answers undefined to let the call through. The organization
 * fixture uses it to throttle or slow one API in one account and region.
 */
export type FaultInjector = (service: string, action: string, accountId: string, region: string) => Fault | undefined | Promise<Fault | undefined>;

/** Applies a fault: waits for latency, throws for throttling and errors. */
export async function applyFault(fault: Fault | undefined, protocol: Protocol): Promise<void> {
  if (fault === undefined) return;
  if ('latencyMs' in fault) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, fault.latencyMs)));
    return;
  }
  if ('throttle' in fault) throw commonError(protocol, 'throttled', 'Rate exceeded');
  throw new AwsError(fault.error.code, fault.error.message, fault.error.status);
}
