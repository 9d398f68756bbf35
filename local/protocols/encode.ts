import { AwsError } from './aws-error';
import type { Protocol } from './common-errors';
import { contentTypeOf, encodeJsonBody, encodeJsonError } from './json';
import { encodeQueryError, encodeQueryResponse } from './query';
import { encodeRestJsonError, encodeRestXmlError, restJsonErrorHeaders } from './rest';

export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
}

export interface SuccessToEncode {
  readonly action: string;
  readonly status?: number;
  readonly output?: Readonly<Record<string, unknown>>;
  readonly body?: Buffer | string;
  readonly headers?: Record<string, string>;
}

/** Default XML namespace when a query service names none; the SDK does not read it. */
const DEFAULT_XMLNS = 'https://local.step-everywhere/doc/';

export function encodeSuccess(protocol: Protocol, response: SuccessToEncode, requestId: string, xmlNamespace = DEFAULT_XMLNS): WireResponse {
  const status = response.status ?? 200;
  const headers = { ...(response.headers ?? {}) };
  if (protocol === 'query') {
    const body = response.body ?? encodeQueryResponse(response.action, response.output, requestId, xmlNamespace);
    return { status, headers: { 'content-type': 'text/xml', ...headers }, body };
  }
  if (protocol === 'json-1.0' || protocol === 'json-1.1') {
    const body = response.body ?? encodeJsonBody(response.output);
    return { status, headers: { 'content-type': contentTypeOf(protocol), ...headers }, body };
  }
  // REST services write their own bodies; a rest-json output shape is sent as the JSON payload.
  if (response.body !== undefined) return { status, headers, body: response.body };
  if (protocol === 'rest-json' && response.output !== undefined) {
    return { status, headers: { 'content-type': 'application/json', ...headers }, body: encodeJsonBody(response.output) };
  }
  return { status, headers, body: '' };
}

export function encodeError(protocol: Protocol, error: AwsError, requestId: string, method: string, xmlNamespace = DEFAULT_XMLNS): WireResponse {
  switch (protocol) {
    case 'query':
      return { status: error.status, headers: { 'content-type': 'text/xml' }, body: encodeQueryError(error, requestId, xmlNamespace) };
    case 'json-1.0':
    case 'json-1.1':
      return { status: error.status, headers: { 'content-type': contentTypeOf(protocol) }, body: encodeJsonError(error) };
    case 'rest-xml':
      return {
        status: error.status,
        headers: { 'content-type': 'application/xml' },
        body: method === 'HEAD' ? '' : encodeRestXmlError(error, requestId),
      };
    case 'rest-json':
      return { status: error.status, headers: restJsonErrorHeaders(error), body: encodeRestJsonError(error) };
  }
}

/** Anything a service throws that is not an AwsError is the service's fault, not the caller's. */
export function asAwsError(thrown: unknown, internal: (message: string) => AwsError): AwsError {
  if (thrown instanceof AwsError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return internal(`The local cloud failed to process the request: ${message}`);
}
