import { AwsError } from './aws-error';
import { escapeXml, toXmlMembers } from './xml';

/**
 * The query protocol (STS, IAM, SNS, CloudFormation): a form body `Action=…&Version=…&…`
 * whose flattened names (`Tags.member.1.Key`, `Attributes.entry.1.key`) are decoded here
 * into nested objects, lists and maps, so services read `input.Tags[0].Key`.
 */
export interface QueryRequest {
  readonly action: string;
  readonly version: string;
  readonly input: Record<string, unknown>;
}

type Node = { [segment: string]: Node | string };

export function decodeQueryForm(body: string): QueryRequest {
  const params = new URLSearchParams(body);
  const action = params.get('Action');
  if (!action) {
    throw new AwsError('MissingAction', 'The request must contain the parameter Action (a form body Action=<Operation>&Version=<date>).');
  }
  const root: Node = {};
  for (const [name, value] of params) {
    if (name === 'Action' || name === 'Version') continue;
    assign(root, name.split('.'), value, name);
  }
  return { action, version: params.get('Version') ?? '', input: shape(root) as Record<string, unknown> };
}

function assign(node: Node, segments: string[], value: string, fullName: string): void {
  const [head, ...rest] = segments;
  if (head === undefined || head === '') {
    throw new AwsError('MalformedQueryString', `Parameter name "${fullName}" has an empty segment.`);
  }
  if (rest.length === 0) {
    // `Tags=` is how an empty list is sent; members already seen win over it.
    if (typeof node[head] !== 'object') node[head] = value;
    return;
  }
  const child = node[head];
  const next: Node = typeof child === 'object' ? child : {};
  node[head] = next;
  assign(next, rest, value, fullName);
}

/** Turns `{member: {1: a, 2: b}}` into `[a, b]` and `{entry: {1: {key, value}}}` into a record. */
function shape(node: Node | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === 'member' && typeof node.member === 'object') {
    return indexed(node.member).map(shape);
  }
  if (keys.length === 1 && keys[0] === 'entry' && typeof node.entry === 'object') {
    const map: Record<string, unknown> = {};
    for (const entry of indexed(node.entry)) {
      if (typeof entry !== 'object' || typeof entry.key !== 'string') {
        throw new AwsError('MalformedQueryString', 'Each map entry needs a key: send <Name>.entry.N.key and <Name>.entry.N.value.');
      }
      map[entry.key] = entry.value === undefined ? '' : shape(entry.value);
    }
    return map;
  }
  const result: Record<string, unknown> = {};
  for (const key of keys) result[key] = shape(node[key] as Node | string);
  return result;
}

function indexed(node: Node | string): Array<Node | string> {
  if (typeof node !== 'object') return [];
  const positions = Object.keys(node);
  for (const position of positions) {
    if (!/^[1-9]\d*$/.test(position)) {
      throw new AwsError('MalformedQueryString', `List and map positions start at 1; "${position}" is not a position.`);
    }
  }
  return positions.sort((a, b) => Number(a) - Number(b)).map((position) => node[position] as Node | string);
}

/** `<XResponse xmlns><XResult>…</XResult><ResponseMetadata><RequestId/></ResponseMetadata></XResponse>` */
export function encodeQueryResponse(
  action: string,
  output: Readonly<Record<string, unknown>> | undefined,
  requestId: string,
  xmlNamespace: string,
): string {
  const result = output === undefined ? '' : `<${action}Result>${toXmlMembers(output)}</${action}Result>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${escapeXml(xmlNamespace)}">` +
    `${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function encodeQueryError(error: AwsError, requestId: string, xmlNamespace: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${escapeXml(xmlNamespace)}"><Error>` +
    `<Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/** Reads a list member that the SDK sends as `Name=` when empty. */
export function queryList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return [];
}
