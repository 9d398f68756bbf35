import { randomBytes } from 'node:crypto';
import type { CloudContext } from '../services/service';
import type { ActionIdentity } from './actions/action';

/** What the local `cdk` and `cdk-assets` tools act for: the build that runs them. */
export interface BuildSession {
  readonly cloud: CloudContext;
  readonly endpoint: string;
  readonly accountId: string;
  readonly region: string;
  readonly buildId: string;
  /** The project's service role, as the build's AWS credentials are. */
  readonly identity: ActionIdentity;
  /** Where published assets are kept once the build's workspace is gone. */
  readonly assetsDir: string;
}

const sessions = new Map<string, BuildSession>();

/** A token the build's tools present; it stops working when the build ends. */
export function openBuildSession(session: BuildSession): string {
  const token = randomBytes(24).toString('hex');
  sessions.set(token, session);
  return token;
}

export function closeBuildSession(token: string): void {
  sessions.delete(token);
}

export function buildSessionOf(token: string | undefined): BuildSession | undefined {
  return token === undefined ? undefined : sessions.get(token);
}
