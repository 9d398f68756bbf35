import { ResultWriterFailedError } from './errors';
import { evaluateTemplate } from './payload';
import type { ExecutionRecord, ExecutionScope } from './runtime';
import type { ResultWriter } from './types';

/** AWS splits a result file once it would pass 5 GB. */
export const RESULT_FILE_MAX_BYTES = 5 * 1024 ** 3;

type Status = 'SUCCEEDED' | 'FAILED' | 'PENDING';
type Entry = Record<string, unknown>;

/**
 * A child execution as AWS writes it in the result files (Transformation NONE), keys in
 * AWS's alphabetical order. Succeeded entries carry Output, the others Error and Cause.
 */
export function resultEntry(record: ExecutionRecord, expressChildren: boolean): Entry {
  const succeeded = record.status === 'SUCCEEDED';
  const entry: Entry = {};
  if (!succeeded) {
    entry.Cause = record.cause;
    entry.Error = record.error;
  }
  entry.ExecutionArn = record.executionArn;
  entry.Input = JSON.stringify(record.input);
  entry.InputDetails = { Included: true };
  entry.Name = record.name;
  if (succeeded) entry.Output = JSON.stringify(record.output);
  entry.OutputDetails = { Included: true };
  entry.RedriveCount = 0;
  entry.RedriveStatus = succeeded || expressChildren ? 'NOT_REDRIVABLE' : 'REDRIVABLE_BY_MAP_RUN';
  entry.StartDate = record.startDate.toISOString();
  entry.StateMachineArn = record.stateMachineArn;
  entry.Status = record.status;
  entry.StopDate = record.stopDate?.toISOString();
  return entry;
}

/**
 * What a child contributes under WriterConfig.Transformation: NONE the whole entry; COMPACT
 * its output; FLATTEN its output's items when that is an array. Failed children are always
 * written whole, as AWS does.
 */
export function transformed(record: ExecutionRecord, transformation: string, expressChildren: boolean): unknown[] {
  if (record.status !== 'SUCCEEDED' || transformation === 'NONE') return [resultEntry(record, expressChildren)];
  if (transformation === 'FLATTEN' && Array.isArray(record.output)) return record.output;
  return [record.output];
}

export interface WriteRequest {
  readonly writer: ResultWriter;
  readonly input: unknown;
  readonly context: unknown;
  readonly mapRunArn: string;
  readonly mapRunId: string;
  readonly children: readonly (ExecutionRecord | undefined)[];
  readonly expressChildren: boolean;
}

/**
 * Writes `<Prefix>/<MapRunId>/{SUCCEEDED,FAILED,PENDING}_<n>.json` and `manifest.json` through
 * the S3 port; returns the Map state's result `{MapRunArn, ResultWriterDetails}`.
 */
export async function writeResults(request: WriteRequest, scope: ExecutionScope): Promise<{ result: unknown; written: number }> {
  const { writer, mapRunArn, mapRunId } = request;
  const params = evaluateTemplate(writer.Parameters ?? {}, { input: request.input, context: request.context, random: scope.runtime.random }) as Record<string, unknown>;
  const bucket = params.Bucket;
  const prefix = params.Prefix ?? '';
  if (typeof bucket !== 'string' || bucket === '' || typeof prefix !== 'string') {
    throw new ResultWriterFailedError(`ResultWriter.Parameters must give Bucket (a bucket name) and optionally Prefix as strings, got Bucket ${JSON.stringify(bucket)} and Prefix ${JSON.stringify(prefix)}`);
  }
  const folder = prefix === '' ? mapRunId : `${prefix.replace(/\/+$/, '')}/${mapRunId}`;
  const transformation = writer.WriterConfig?.Transformation ?? 'NONE';
  const jsonl = writer.WriterConfig?.OutputType === 'JSONL';
  const groups: Record<Status, string[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  let written = 0;
  for (const child of request.children) {
    if (!child) continue;
    const status: Status = child.status === 'SUCCEEDED' ? 'SUCCEEDED' : child.status === 'RUNNING' ? 'PENDING' : 'FAILED';
    for (const value of transformed(child, transformation, request.expressChildren)) groups[status].push(JSON.stringify(value));
    written++;
  }
  const manifest = { DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [] } as Record<Status, { Key: string; Size: number }[]> };
  const put = async (key: string, body: string) => {
    try {
      await scope.runtime.ports.s3.putObject(bucket, key, body);
    } catch (thrown) {
      const err = thrown as { name?: string; message?: string };
      throw new ResultWriterFailedError(`could not write s3://${bucket}/${key}: ${err?.name ?? 'Error'}: ${err?.message ?? String(thrown)}`);
    }
  };
  for (const status of ['FAILED', 'PENDING', 'SUCCEEDED'] as const) {
    const files = split(groups[status], scope.runtime.resultFileMaxBytes, jsonl);
    for (let n = 0; n < files.length; n++) {
      const key = `${folder}/${status}_${n}.json`;
      await put(key, files[n]);
      manifest.ResultFiles[status].push({ Key: key, Size: Buffer.byteLength(files[n], 'utf8') });
    }
  }
  const manifestKey = `${folder}/manifest.json`;
  await put(manifestKey, JSON.stringify(manifest));
  return { result: { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } }, written };
}

/** Joins serialized entries into file bodies, starting a new file before one would pass `maxBytes`. */
function split(entries: readonly string[], maxBytes: number, jsonl: boolean): string[] {
  if (entries.length === 0) return [];
  const files: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const entry of entries) {
    const bytes = Buffer.byteLength(entry, 'utf8') + 1;
    if (current.length > 0 && size + bytes > maxBytes) {
      files.push(render(current, jsonl));
      current = [];
      size = 2;
    }
    current.push(entry);
    size += bytes;
  }
  files.push(render(current, jsonl));
  return files;
}

function render(entries: string[], jsonl: boolean): string {
  return jsonl ? entries.join('\n') : `[${entries.join(',')}]`;
}
