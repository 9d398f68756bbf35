import { ItemReaderFailedError, RuntimeError } from './errors';
import { query } from './jsonpath';
import { evaluateTemplate } from './payload';
import type { ExecutionScope } from './runtime';
import type { ItemReader } from './types';

/**
 * Reads a Distributed Map's items from one S3 object (`s3:getObject`) as JSON (an array),
 * JSONL or CSV. Any failure to read or parse is `States.ItemReaderFailed`, as AWS reports it.
 */
export async function readItems(reader: ItemReader, input: unknown, context: unknown, scope: ExecutionScope): Promise<unknown[]> {
  const params = evaluateTemplate(reader.Parameters ?? {}, { input, context, random: scope.runtime.random }) as Record<string, unknown>;
  const { Bucket: bucket, Key: key } = params;
  if (typeof bucket !== 'string' || typeof key !== 'string') {
    throw new ItemReaderFailedError(`ItemReader.Parameters must give Bucket and Key as strings, got Bucket ${JSON.stringify(bucket)} and Key ${JSON.stringify(key)}`);
  }
  let body: string;
  try {
    body = await scope.runtime.ports.s3.getObject(bucket, key);
  } catch (thrown) {
    const err = thrown as { name?: string; message?: string };
    throw new ItemReaderFailedError(`could not read s3://${bucket}/${key}: ${err?.name ?? 'Error'}: ${err?.message ?? String(thrown)}`);
  }
  const config = reader.ReaderConfig ?? {};
  const where = `s3://${bucket}/${key}`;
  const items = parse(body, config.InputType ?? 'JSON', config, where);
  const max = maxItems(reader, input);
  return max === undefined || max === 0 ? items : items.slice(0, max);
}

function maxItems(reader: ItemReader, input: unknown): number | undefined {
  const config = reader.ReaderConfig ?? {};
  const value = config.MaxItemsPath !== undefined ? query(input, config.MaxItemsPath) : config.MaxItems;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RuntimeError(`ItemReader.ReaderConfig MaxItems must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parse(body: string, inputType: string, config: NonNullable<ItemReader['ReaderConfig']>, where: string): unknown[] {
  if (inputType === 'JSON') {
    let items: unknown;
    try {
      items = JSON.parse(body);
    } catch (e) {
      throw new ItemReaderFailedError(`${where} is not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(items)) throw new ItemReaderFailedError(`${where} must hold a JSON array for InputType JSON, got ${typeof items}`);
    return items;
  }
  if (inputType === 'JSONL') {
    const items: unknown[] = [];
    body.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        items.push(JSON.parse(line));
      } catch (e) {
        throw new ItemReaderFailedError(`${where} line ${i + 1} is not valid JSON: ${(e as Error).message}`);
      }
    });
    return items;
  }
  return parseCsv(body, config, where);
}

function parseCsv(body: string, config: NonNullable<ItemReader['ReaderConfig']>, where: string): unknown[] {
  const rows = csvRows(body, config.CSVDelimiter === 'TAB' ? '\t' : config.CSVDelimiter ?? ',', where);
  let headers: readonly string[];
  if ((config.CSVHeaderLocation ?? 'FIRST_ROW') === 'GIVEN') {
    if (!config.CSVHeaders?.length) throw new ItemReaderFailedError('ReaderConfig.CSVHeaders must list the column names when CSVHeaderLocation is GIVEN');
    headers = config.CSVHeaders;
  } else {
    const first = rows.shift();
    if (!first) return [];
    headers = first;
  }
  return rows.map((row, i) => {
    if (row.length !== headers.length) {
      throw new ItemReaderFailedError(`${where} row ${i + 1} has ${row.length} field(s) but there are ${headers.length} header(s)`);
    }
    return Object.fromEntries(headers.map((h, k) => [h, row[k]]));
  });
}

/** RFC 4180 rows: quoted fields may hold the delimiter, newlines and doubled quotes. */
function csvRows(body: string, delimiter: string, where: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new ItemReaderFailedError(`${where} has a quoted CSV field that is never closed`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}
