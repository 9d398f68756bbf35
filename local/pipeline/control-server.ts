import { timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSessionOf } from './build-sessions';
import { runTool } from './cdk-tools';
import { controlFile, pipelineDir, stateSecret } from './control-files';
import type { RefUpdate } from './events';
import type { PipelineRuntime } from './runtime';

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  if (typeof parsed !== 'object' || parsed === null) throw new Error('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined || given.length !== secret.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(secret));
}

/**
 * The pipeline control endpoint, on loopback apart from the AWS endpoint (whose every request
 * must be SigV4-signed): git hooks report pushes with the state folder's secret, and the local
 * `cdk` / `cdk-assets` tools of a running build call back with that build's token. Its URL is
 * written to `<state>/pipeline/control.json` for hooks to find.
 */
export async function startControlServer(runtime: PipelineRuntime, stateDir: string, log: (line: string) => void): Promise<ControlServer> {
  const secret = await stateSecret(stateDir);
  const server: Server = createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    (async () => {
      if (request.method !== 'POST') return answer(405, { message: 'POST only' });
      if (request.url === '/push') {
        if (!sameSecret(request.headers['x-local-cloud-secret'] as string | undefined, secret)) return answer(403, { message: 'wrong or missing secret for this state folder' });
        const body = await bodyOf(request);
        const updates = Array.isArray(body.updates) ? (body.updates as RefUpdate[]) : [];
        const started = await runtime.push(String(body.repository), updates);
        return answer(200, { started });
      }
      if (request.url === '/tool') {
        const session = buildSessionOf(request.headers['x-local-cloud-build-token'] as string | undefined);
        if (!session) return answer(403, { message: 'unknown build token: the local cdk tools run inside a local CodeBuild build only' });
        const body = await bodyOf(request);
        const args = Array.isArray(body.args) ? body.args.map(String) : [];
        return answer(200, await runTool(session, String(body.tool), args, String(body.cwd ?? '.')));
      }
      return answer(404, { message: `no route ${request.url ?? ''}` });
    })().catch((error: unknown) => {
      log(`pipeline control request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) answer(500, { message: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await fs.mkdir(pipelineDir(stateDir), { recursive: true });
  await fs.writeFile(controlFile(stateDir), JSON.stringify({ url, pid: process.pid }));
  return {
    url,
    close: async () => {
      await fs.rm(controlFile(stateDir), { force: true });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
