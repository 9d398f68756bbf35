import { validationError } from '../../cloudformation/errors';

/** DescribeStackEvents and ListStacks answer at most 100 items a page, as CloudFormation does. */
export const PAGE_SIZE = 100;

/**
 * One page of `items`, resumed after the item a NextToken names (by its id, not an offset, so
 * items added at the front between calls, e.g. new events, neither repeat nor go missing).
 */
export function pageOf<T>(items: readonly T[], idOf: (item: T) => string, nextToken: string | undefined, pageSize = PAGE_SIZE): { page: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const after = decode(nextToken);
    const index = after === undefined ? -1 : items.findIndex((item) => idOf(item) === after);
    if (index < 0) throw validationError(`NextToken ${nextToken} is not a token this call returned for these items (or its item is gone): call again without NextToken.`);
    start = index + 1;
  }
  const page = items.slice(start, start + pageSize);
  const last = page[page.length - 1];
  return start + pageSize < items.length && last !== undefined ? { page, nextToken: encode(idOf(last)) } : { page };
}

function encode(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decode(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  return Buffer.from(token, 'base64url').toString('utf8');
}
