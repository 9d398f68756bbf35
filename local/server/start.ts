import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthorizer } from '../authorize/authorizer';
import { storedOrganizationOf } from '../identity/organizations';
import { createIdentities } from '../identity/resolver';
import { checkStaticUser, DEFAULT_OPERATOR, type StaticUser } from '../identity/users';
import { iamService } from '../services/iam/iam-service';
import type { CloudContext, LocalService, LocalServiceFactory } from '../services/service';
import { stsService } from '../services/sts/sts-service';
import { DEFAULT_STATE_DIR, openStore, type Store } from '../store/store';
import { serve } from './dispatch';
import { RequestCounts } from './request-counts';
import type { FaultInjector } from './faults';

/** The documented default port: free of the ports other local AWS emulators and dev servers take. */
export const DEFAULT_PORT = 4599;
export const DEFAULT_HOST = '127.0.0.1';
/** Large enough for function assets and templates; small enough that a runaway client cannot exhaust memory. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** AWS accepts requests signed up to 15 minutes before or after its own clock. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 15 * 60;

export interface LocalCloudOptions {
  /** @default 4599; 0 picks a free port (tests) */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** Folder of the on-disk state. @default .step-everywhere */
  readonly stateDir?: string;
  /** A store already opened on the state folder, to share it with fixtures; wins over stateDir. */
  readonly store?: Store;
  /** Services besides STS and IAM (which are always served unless a service of that name is given). */
  readonly services?: ReadonlyArray<LocalService | LocalServiceFactory>;
  /** The operator's keys. @default DEFAULT_OPERATOR (administrator of the hub account) */
  readonly operator?: StaticUser;
  /** More long-term keys, e.g. a narrowly permitted user for tests. */
  readonly users?: readonly StaticUser[];
  /** The cloud's clock. @default the system clock */
  readonly now?: () => Date;
  readonly faults?: FaultInjector;
  /** Organization of an account. @default what setAccountOrganization recorded in the store */
  readonly orgIdOf?: (accountId: string) => Promise<string | undefined>;
  readonly maxBodyBytes?: number;
  readonly clockSkewSeconds?: number;
  /** Where unexpected failures are reported. @default stderr */
  readonly log?: (line: string) => void;
}

export interface LocalCloud {
  /** `http://127.0.0.1:<port>`: what AWS_ENDPOINT_URL is set to. */
  readonly endpoint: string;
  readonly port: number;
  readonly store: Store;
  readonly cloud: CloudContext;
  /** Authenticated requests per service and operation since the cloud started. */
  readonly requests: RequestCounts;
  close(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const operator = options.operator ?? DEFAULT_OPERATOR;
  const users = [operator, ...(options.users ?? [])];
  users.forEach((user, index) => checkStaticUser(user, index === 0 ? 'operator' : `users[${index - 1}]`));
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port ${port} must be 0 (any free port) or 1 to 65535`);

  const store = options.store ?? openStore(options.stateDir ?? DEFAULT_STATE_DIR);
  const now = options.now ?? (() => new Date());
  const identities = createIdentities(store, users);
  const orgIdOf = options.orgIdOf ?? storedOrganizationOf(store);
  const cloud: CloudContext = {
    store,
    now,
    orgIdOf,
    authorize: createAuthorizer({ policiesOf: identities.policiesOf, orgIdOf, now }),
  };
  const services = buildServices(options.services ?? [], cloud);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const requests = new RequestCounts();
  const router = {
    counts: requests,
    services,
    cloud,
    identities,
    now,
    faults: options.faults,
    clockSkewMs: (options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS) * 1000,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    log,
  };

  const server = createServer((incoming, outgoing) => {
    serve(router, incoming, outgoing).catch((error: unknown) => log(`unexpected failure: ${String(error)}`));
  });
  // A malformed HTTP request gets a bare 400; it must not take the server down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  const host = options.host ?? DEFAULT_HOST;
  await listen(server, port, host);
  const actualPort = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${host}:${actualPort}`,
    port: actualPort,
    store,
    cloud,
    requests,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await store.flush();
    },
  };
}

function buildServices(given: ReadonlyArray<LocalService | LocalServiceFactory>, cloud: CloudContext): Map<string, LocalService> {
  const services = new Map<string, LocalService>();
  for (const entry of given) {
    const service = typeof entry === 'function' ? entry(cloud) : entry;
    if (services.has(service.name)) throw new Error(`services: "${service.name}" is given twice; give each service once`);
    services.set(service.name, service);
  }
  for (const core of [stsService, iamService]) {
    const service = core(cloud);
    if (!services.has(service.name)) services.set(service.name, service);
  }
  return services;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is in use: stop what holds it or choose another port`) : error);
    });
    server.listen(port, host, () => resolve());
  });
}
