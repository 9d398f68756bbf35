import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireResponse } from '../protocols/encode';

export class BodyTooLargeError extends Error {
  public override readonly name = 'BodyTooLargeError';
}

/** Reads the body, refusing (before reading it all) one larger than the limit. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > maxBytes) return Promise.reject(new BodyTooLargeError(`The body of ${declared} bytes exceeds the limit of ${maxBytes} bytes.`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLargeError(`The body exceeds the limit of ${maxBytes} bytes.`));
        request.removeAllListeners('data');
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Lowercase header names, repeated headers joined with commas as SigV4 canonicalises them. */
export function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase();
    const value = request.rawHeaders[i + 1] ?? '';
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return headers;
}

export function writeResponse(response: ServerResponse, wire: WireResponse, extraHeaders: Record<string, string>, method: string): void {
  if (response.headersSent || response.destroyed) return;
  const body = typeof wire.body === 'string' ? Buffer.from(wire.body) : wire.body;
  const headers: Record<string, string> = { ...wire.headers, ...extraHeaders };
  // A service answering HEAD sets content-length itself (the size of what GET would return).
  if (method !== 'HEAD' || headers['content-length'] === undefined) headers['content-length'] = String(body.length);
  response.writeHead(wire.status, headers);
  response.end(method === 'HEAD' ? undefined : body);
}
