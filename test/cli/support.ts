import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type GetObjectCommandOutput, type ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { CliDeps } from '../../cli/deps';
import type { OutputStream } from '../../cli/output';

/** An output stream that keeps what was written. */
export class Captured implements OutputStream {
  public text = '';
  public constructor(public readonly isTTY = false) {}
  public write(text: string): boolean {
    this.text += text;
    return true;
  }
  public lines(): string[] {
    return this.text.split('\n').filter((line) => line.length > 0);
  }
}

/** An error shaped like the SDK's service exceptions. */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

export function body(text: string): GetObjectCommandOutput['Body'] {
  // Only transformToString is read by the code under test.
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

/**
 * S3 over an in-memory object map, listing in pages of `pageSize` so callers must follow
 * the continuation token.
 */
export function mockS3Objects(objects: Map<string, string>, pageSize = 2) {
  const s3 = mockClient(S3Client);
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const text = objects.get(input.Key);
    if (text === undefined) throw awsError('NoSuchKey', 'The specified key does not exist.', 404);
    return { Body: body(text) };
  });
  s3.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
    const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
    const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const page = keys.slice(start, start + pageSize);
    const more = start + pageSize < keys.length;
    return {
      Contents: page.map((Key) => ({ Key })),
      IsTruncated: more,
      ...(more ? { NextContinuationToken: String(start + pageSize) } : {}),
    };
  });
  return s3;
}

export interface FakeDeps extends CliDeps {
  readonly out: Captured;
  readonly err: Captured;
  readonly files: Map<string, string>;
  readonly written: Map<string, string>;
  /** Milliseconds the fake clock has advanced through `sleep`. */
  readonly clock: { ms: number };
}

/** Deps over a fake clock (sleep advances it), in-memory files and captured output. */
export function fakeDeps(options: { tty?: boolean; env?: NodeJS.ProcessEnv; files?: Record<string, string> } = {}): FakeDeps {
  const out = new Captured(options.tty ?? false);
  const err = new Captured(false);
  const files = new Map(Object.entries(options.files ?? {}));
  const written = new Map<string, string>();
  const clock = { ms: Date.parse('2025-03-01T10:00:00Z') };
  const clients = { sfn: new SFNClient({ region: 'eu-west-1' }), s3: new S3Client({ region: 'eu-west-1' }), cfn: new CloudFormationClient({ region: 'eu-west-1' }) };
  return {
    out,
    err,
    files,
    written,
    clock,
    clients: () => clients,
    env: options.env ?? {},
    stdout: out,
    stderr: err,
    readFile: (path) => {
      const text = files.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    writeFile: (path, text) => {
      written.set(path, text);
    },
    now: () => new Date(clock.ms),
    sleep: async (ms) => {
      clock.ms += ms;
    },
  };
}
