/** A map the query protocol writes as `<entry><key/><value/></entry>` (e.g. SNS attributes). */
export class XmlMap {
  public constructor(public readonly entries: Readonly<Record<string, unknown>>) {}
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Writes the members of an output shape as XML elements the way AWS's XML protocols do:
 * lists as `<member>` children, dates as ISO-8601, absent (undefined/null) members left out.
 */
export function toXmlMembers(shape: Readonly<Record<string, unknown>>): string {
  return Object.entries(shape)
    .map(([name, value]) => element(name, value))
    .join('');
}

function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${content(value)}</${name}>`;
}

function content(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof XmlMap) {
    return Object.entries(value.entries)
      .map(([key, entry]) => `<entry><key>${escapeXml(key)}</key>${element('value', entry)}</entry>`)
      .join('');
  }
  if (Array.isArray(value)) return value.map((member) => element('member', member)).join('');
  if (typeof value === 'object') return toXmlMembers(value as Record<string, unknown>);
  return escapeXml(String(value));
}
