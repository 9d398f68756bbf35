import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../protocols/aws-error';
import { commonError, type Protocol } from '../protocols/common-errors';
import { asAwsError, encodeError, encodeSuccess, type WireResponse } from '../protocols/encode';
import { decodeJsonBody, decodeJsonTarget } from '../protocols/json';
import { decodeQueryForm } from '../protocols/query';
import type { CloudContext, LocalService, ServiceRequest } from '../services/service';
import { authenticate, type AuthenticationSettings } from './authenticate';
import { decodeAwsChunked, isAwsChunked } from './aws-chunked';
import { applyFault, type FaultInjector } from './faults';
import { BodyTooLargeError, headersOf, readBody, writeResponse } from './http-io';
import type { RequestCounts } from './request-counts';
import { readSignatureClaim, type ReceivedRequest } from './sigv4';

export interface Router extends AuthenticationSettings {
  readonly services: ReadonlyMap<string, LocalService>;
  readonly cloud: CloudContext;
  readonly faults?: FaultInjector;
  readonly maxBodyBytes: number;
  readonly log: (line: string) => void;
  /** Authenticated requests per service and operation, whatever their answer. */
  readonly counts?: RequestCounts;
}

/** Serves one HTTP request; never throws, whatever the request or the service does. */
export async function serve(router: Router, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const method = incoming.method ?? 'GET';
  let protocol: Protocol = 'query';
  let service: LocalService | undefined;
  try {
    const url = incoming.url ?? '/';
    const queryAt = url.indexOf('?');
    const received = {
      method,
      path: queryAt < 0 ? url : url.slice(0, queryAt),
      rawQuery: queryAt < 0 ? '' : url.slice(queryAt + 1),
      headers: headersOf(incoming),
    };
    protocol = guessProtocol(received.headers, received.path);
    const claim = readSignatureClaim({ ...received, body: Buffer.alloc(0) });
    if (claim) {
      service = router.services.get(claim.service);
      if (service) protocol = service.protocol;
    }
    const body = await readBody(incoming, router.maxBodyBytes).catch((error: unknown) => {
      throw error instanceof BodyTooLargeError ? commonError(protocol, 'bodyTooLarge', error.message) : error;
    });
    if (!claim) {
      throw commonError(protocol, 'missingAuthentication', protocol === 'rest-xml' ? 'Access Denied' : 'Request is missing Authentication Token');
    }
    if (!service) {
      throw new AwsError('UnknownService', `The local cloud does not serve "${claim.service}"; it serves: ${[...router.services.keys()].join(', ')}.`, 400);
    }
    const request: ReceivedRequest = { ...received, body };
    const caller = await authenticate(request, claim, protocol, router);
    const { payload, headers } = unwrapChunked(received.headers, body);
    const decoded = decode(service, request, payload);
    const serviceRequest: ServiceRequest = {
      service: service.name,
      region: claim.region,
      action: decoded.action,
      input: decoded.input,
      method,
      path: received.path,
      query: new URLSearchParams(received.rawQuery),
      headers,
      body: payload,
      caller,
      cloud: router.cloud,
    };
    const action = decoded.action || service.operationOf?.(serviceRequest) || `${method} ${received.path}`;
    router.counts?.add(service.name, action);
    await applyFault(await router.faults?.(service.name, action, caller.accountId, claim.region), protocol);
    const answer = await service.handle({ ...serviceRequest, action });
    send(router, outgoing, encodeSuccess(protocol, { ...answer, action }, requestId, service.xmlNamespace), requestId, service, method);
  } catch (thrown) {
    const error = asAwsError(thrown, (message) => commonError(protocol, 'internal', message));
    if (!(thrown instanceof AwsError)) router.log(`request ${requestId} failed: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`);
    send(router, outgoing, encodeError(protocol, error, requestId, method, service?.xmlNamespace), requestId, service, method);
  }
}

/** Services see the payload and its trailers (e.g. `x-amz-checksum-crc32`) as plain headers. */
function unwrapChunked(headers: Record<string, string>, body: Buffer): { payload: Buffer; headers: Record<string, string> } {
  if (!isAwsChunked(headers)) return { payload: body, headers };
  const { payload, trailers } = decodeAwsChunked(body);
  const encoding = (headers['content-encoding'] ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '' && part !== 'aws-chunked');
  const { 'content-encoding': _wrapped, ...rest } = headers;
  return {
    payload,
    headers: { ...rest, ...trailers, ...(encoding.length > 0 ? { 'content-encoding': encoding.join(',') } : {}), 'content-length': String(payload.length) },
  };
}

function decode(service: LocalService, request: ReceivedRequest, payload: Buffer): { action: string; input: Record<string, unknown> } {
  switch (service.protocol) {
    case 'query': {
      const form = request.method === 'GET' ? request.rawQuery : payload.toString('utf8');
      const { action, input } = decodeQueryForm(form);
      return { action, input };
    }
    case 'json-1.0':
    case 'json-1.1':
      return {
        action: decodeJsonTarget(request.headers['x-amz-target'], service.targetPrefix ?? ''),
        input: decodeJsonBody(payload),
      };
    default:
      return { action: '', input: {} };
  }
}

function send(router: Router, outgoing: ServerResponse, wire: WireResponse, requestId: string, service: LocalService | undefined, method: string): void {
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId, date: router.now().toUTCString() };
  if (service?.name === 's3') {
    headers['x-amz-request-id'] = requestId;
    headers['x-amz-id-2'] = requestId;
  }
  try {
    writeResponse(outgoing, wire, headers, method);
  } catch (error) {
    router.log(`response ${requestId} could not be written: ${String(error)}`);
    outgoing.destroy();
  }
}

/** Before the signature names the service, the shape of the request tells its protocol family. */
function guessProtocol(headers: Readonly<Record<string, string>>, path: string): Protocol {
  if (headers['x-amz-target'] !== undefined) return 'json-1.1';
  if ((headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return 'query';
  if (/^\/\d{4}-\d{2}-\d{2}\//.test(path)) return 'rest-json';
  return 'rest-xml';
}
