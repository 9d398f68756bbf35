import { AwsError } from '../../protocols/aws-error';
import type { RepositoryDetails } from '../../pipeline/repositories';

/** ListRepositories answers 1,000 repositories a page, as CodeCommit does. */
export const LIST_PAGE_SIZE = 1000;

export type SortBy = 'repositoryName' | 'lastModifiedDate';
export type Order = 'ascending' | 'descending';

export interface ListRequest {
  readonly sortBy: SortBy;
  readonly order: Order;
  readonly nextToken?: string;
}

/** What a token holds: the listing it continues and the sort key of the last repository given. */
interface Cursor {
  readonly s: SortBy;
  readonly o: Order;
  readonly k: readonly [string, string];
}

function sortKeyOf(repository: RepositoryDetails, sortBy: SortBy): [string, string] {
  // Names are unique in an account and region, so the name breaks ties between equal dates.
  return sortBy === 'repositoryName' ? [repository.name, repository.name] : [repository.lastModifiedDate ?? repository.creationDate ?? '', repository.name];
}

function compare(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

export function listRequestOf(input: Readonly<Record<string, unknown>>): ListRequest {
  const sortBy = input.sortBy ?? 'repositoryName';
  if (sortBy !== 'repositoryName' && sortBy !== 'lastModifiedDate') {
    throw new AwsError('InvalidSortByException', `sortBy ${JSON.stringify(sortBy)} is not valid: use repositoryName or lastModifiedDate.`, 400);
  }
  const order = input.order ?? 'ascending';
  if (order !== 'ascending' && order !== 'descending') {
    throw new AwsError('InvalidOrderException', `order ${JSON.stringify(order)} is not valid: use ascending or descending.`, 400);
  }
  const nextToken = input.nextToken;
  if (nextToken !== undefined && nextToken !== null && typeof nextToken !== 'string') {
    throw new AwsError('InvalidContinuationTokenException', 'nextToken must be the text a previous ListRepositories answered.', 400);
  }
  return { sortBy, order, ...(typeof nextToken === 'string' && nextToken !== '' ? { nextToken } : {}) };
}

/**
 * One page of repositories in the requested order, resumed strictly after the sort key the token
 * names, so repositories created or deleted between calls neither repeat nor shift the page.
 */
export function pageOfRepositories(repositories: readonly RepositoryDetails[], request: ListRequest, pageSize = LIST_PAGE_SIZE): { page: RepositoryDetails[]; nextToken?: string } {
  const direction = request.order === 'ascending' ? 1 : -1;
  const sorted = [...repositories].sort((a, b) => direction * compare(sortKeyOf(a, request.sortBy), sortKeyOf(b, request.sortBy)));
  let rest = sorted;
  if (request.nextToken !== undefined) {
    const cursor = decode(request.nextToken);
    if (cursor === undefined || cursor.s !== request.sortBy || cursor.o !== request.order) {
      throw new AwsError('InvalidContinuationTokenException', 'nextToken was not answered by ListRepositories with this sortBy and order: call again without nextToken.', 400);
    }
    rest = sorted.filter((repository) => direction * compare(sortKeyOf(repository, request.sortBy), cursor.k) > 0);
  }
  const page = rest.slice(0, pageSize);
  const last = page[page.length - 1];
  if (rest.length <= pageSize || last === undefined) return { page };
  return { page, nextToken: encode({ s: request.sortBy, o: request.order, k: sortKeyOf(last, request.sortBy) }) };
}

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decode(token: string): Cursor | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
    const key = parsed.k;
    if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string' || typeof key[1] !== 'string') return undefined;
    if (typeof parsed.s !== 'string' || typeof parsed.o !== 'string') return undefined;
    return { s: parsed.s as SortBy, o: parsed.o as Order, k: [key[0], key[1]] };
  } catch {
    return undefined;
  }
}
