import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Sha256 } from './sha256';
import { STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../../local/server';
import { DEFAULT_OPERATOR } from '../../../local/identity/users';

export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export const OPERATOR_KEYS: Keys = { accessKeyId: DEFAULT_OPERATOR.accessKeyId, secretAccessKey: DEFAULT_OPERATOR.secretAccessKey };

/** A movable clock: tests advance it to expire sessions. */
export class TestClock {
  private offsetMs = 0;
  public readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  public advanceSeconds(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

export function tempStateDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'local-cloud-'));
}

export function removeStateDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function startTestCloud(stateDir: string, options: Partial<LocalCloudOptions> = {}): Promise<LocalCloud> {
  return startLocalCloud({ port: 0, stateDir, log: () => undefined, ...options });
}

export function sts(cloud: LocalCloud, keys: Keys = OPERATOR_KEYS, maxAttempts = 1): STSClient {
  return new STSClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: keys, maxAttempts });
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The XML body parsed, for query-protocol answers. */
  readonly xml: Record<string, unknown>;
}

/**
 * A query-protocol call signed exactly as the SDK signs it, for services without an SDK client
 * in this project (IAM) and for requests an SDK client would refuse to send.
 */
export async function signedQuery(cloud: LocalCloud, service: string, params: Record<string, string>, keys: Keys = OPERATOR_KEYS, rawBody?: string): Promise<RawResponse> {
  const url = new URL(cloud.endpoint);
  const body = rawBody ?? new URLSearchParams(params).toString();
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: keys, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const response = await send(cloud, signed.headers, body);
  const xml = response.text.startsWith('<') ? (new XMLParser({ isArray: (name) => name === 'member' }).parse(response.text) as Record<string, unknown>) : {};
  return { ...response, xml };
}

/** A raw POST to the endpoint with exactly these headers (node's http, which lets us set Host). */
export function send(cloud: LocalCloud, headers: Record<string, string>, body: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${cloud.endpoint}/`, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
