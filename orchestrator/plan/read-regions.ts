import { RegionOptStatus, paginateListRegions, type AccountClient, type ListRegionsCommandInput } from '@aws-sdk/client-account';
import { mapBounded } from './bounded';
import { accountApiAdvice, callFailure } from './call-errors';

/** What one ListRegions call in the reader's own account tells about every account. */
export interface RegionCatalogue {
  /** Every region the Account API lists, whatever its status. */
  readonly known: ReadonlySet<string>;
  /** Regions enabled by default, hence enabled in every account: no per-account check needed. */
  readonly enabledByDefault: ReadonlySet<string>;
}

/** Per-account ListRegions calls in flight; the SDK retries any throttling on top. */
export const REGION_CHECK_CONCURRENCY = 8;

const ENABLED_STATUSES: RegionOptStatus[] = [RegionOptStatus.ENABLED, RegionOptStatus.ENABLED_BY_DEFAULT];

async function listRegions(client: AccountClient, input: ListRegionsCommandInput): Promise<Array<{ name: string; status: string }>> {
  const regions: Array<{ name: string; status: string }> = [];
  for await (const page of paginateListRegions({ client }, input)) {
    for (const r of page.Regions ?? []) if (r.RegionName) regions.push({ name: r.RegionName, status: r.RegionOptStatus ?? '' });
  }
  return regions;
}

/** One call, in the reader's own account (no AccountId), for the region names and their defaults. */
export async function readRegionCatalogue(client: AccountClient, reader: string): Promise<RegionCatalogue> {
  try {
    const regions = await listRegions(client, {});
    return {
      known: new Set(regions.map((r) => r.name)),
      enabledByDefault: new Set(regions.filter((r) => r.status === RegionOptStatus.ENABLED_BY_DEFAULT).map((r) => r.name)),
    };
  } catch (err) {
    throw callFailure(err, 'Account ListRegions', reader, accountApiAdvice(reader));
  }
}

/**
 * True when some account must be asked which regions it has enabled: when the regions
 * are those enabled in each account, or when a requested region is an opt-in one.
 */
export function needsPerAccountCheck(requested: readonly string[] | undefined, catalogue: RegionCatalogue): boolean {
  return requested === undefined || requested.some((r) => !catalogue.enabledByDefault.has(r));
}

export interface EnabledRegionsRequest {
  readonly accountIds: readonly string[];
  /** The account the reader's credentials belong to: the API refuses it as an explicit AccountId. */
  readonly callerAccountId: string;
  readonly reader: string;
  /** @default REGION_CHECK_CONCURRENCY */
  readonly concurrency?: number;
}

/** The regions enabled in each account (opt-in enabled ones and those enabled by default). */
export async function readEnabledRegions(client: AccountClient, request: EnabledRegionsRequest): Promise<Map<string, Set<string>>> {
  const lists = await mapBounded(request.accountIds, request.concurrency ?? REGION_CHECK_CONCURRENCY, async (accountId) => {
    const input: ListRegionsCommandInput = {
      ...(accountId === request.callerAccountId ? {} : { AccountId: accountId }),
      RegionOptStatusContains: [...ENABLED_STATUSES],
    };
    try {
      return await listRegions(client, input);
    } catch (err) {
      throw callFailure(err, `Account ListRegions(${accountId})`, request.reader, accountApiAdvice(request.reader));
    }
  });
  return new Map(request.accountIds.map((id, i) => [id, new Set(lists[i].map((r) => r.name))]));
}
