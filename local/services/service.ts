import type { AwsError } from '../protocols/aws-error';

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
  readonly handle: ServiceHandler;
}

export type { AwsError };
