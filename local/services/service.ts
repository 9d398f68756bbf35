import type { AwsError } from '../protocols/aws-error';
import type { Authorize } from '../authorize/authorizer';
import type { Store } from '../store/store';

/** Who signed the request, as the SigV4 verifier and STS resolved it. */
export interface CallerIdentity {
  readonly accountId: string;
  /** `arn:aws:iam::123456789012:role/Name` for role sessions, `...:user/Name` or `...:root` otherwise. */
  readonly principalArn: string;
  /** The ARN STS GetCallerIdentity reports (`arn:aws:sts::…:assumed-role/Name/session` for sessions). */
  readonly arn: string;
  readonly accessKeyId: string;
  /** Session policy and tags of an assumed-role session, when any. */
  readonly sessionPolicy?: string;
  /** What `aws:userid` holds: `AROA…:session` for sessions, `AIDA…` for users, the account id for root. */
  readonly userId?: string;
  /** When the credentials of a session stop working (ISO-8601); absent for long-term keys. */
  readonly expiration?: string;
}

/** What the local cloud shares with every service: its state, its clock and its policy evaluation. */
export interface CloudContext {
  readonly store: Store;
  /** The cloud's clock; tests move it to expire sessions. */
  readonly now: () => Date;
  /** Evaluates a call against the caller's policies and the resource policy; see local/authorize. */
  readonly authorize: Authorize;
  /** Organization id of an account (for `aws:PrincipalOrgID`), undefined when it belongs to none. */
  readonly orgIdOf: (accountId: string) => Promise<string | undefined>;
}

/** One request to a service, decoded from its wire protocol by the server. */
export interface ServiceRequest {
  /** SigV4 service name from the credential scope, e.g. `sts`, `kms`, `s3`. */
  readonly service: string;
  readonly region: string;
  /** Operation name, e.g. `AssumeRole`, `Decrypt`, `ListAccounts`; for REST protocols the service derives it. */
  readonly action: string;
  /** Decoded input: the JSON body (json protocols) or the form fields (query protocol). */
  readonly input: Record<string, unknown>;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly caller: CallerIdentity;
  /** Set by the server for every request it dispatches. */
  readonly cloud?: CloudContext;
}

/** What a service answers; the protocol codec turns it into the wire response. */
export interface ServiceResponse {
  readonly status?: number;
  /** Output shape (json and query protocols) or raw body (REST protocols). */
  readonly output?: Record<string, unknown>;
  readonly body?: Buffer | string;
  readonly headers?: Record<string, string>;
}

export type ServiceHandler = (request: ServiceRequest) => Promise<ServiceResponse>;

/** A service module: its name as SigV4 scopes it, its wire protocol and its operations. */
export interface LocalService {
  readonly name: string;
  readonly protocol: 'query' | 'json-1.0' | 'json-1.1' | 'rest-xml' | 'rest-json';
  /** Prefix of `X-Amz-Target` for json protocols, e.g. `AWSOrganizationsV20161128`. */
  readonly targetPrefix?: string;
  /** `xmlns` of query-protocol responses, e.g. `https://sts.amazonaws.com/doc/2011-06-15/`. */
  readonly xmlNamespace?: string;
  /**
   * For REST protocols: the operation a request is for (e.g. `PutObject`), so fault injection
   * and logs can name it before the service runs. Without it the router uses `METHOD /path`.
   */
  readonly operationOf?: (request: Pick<ServiceRequest, 'method' | 'path' | 'query' | 'headers'>) => string;
  readonly handle: ServiceHandler;
}

/** A service built once the cloud exists, for services that need its store, clock or authorizer. */
export type LocalServiceFactory = (cloud: CloudContext) => LocalService;

export type { AwsError };
