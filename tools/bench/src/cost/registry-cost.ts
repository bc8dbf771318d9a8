import { AWS_PRICES_US_EAST_1, HOURS_PER_MONTH, type AwsPrices } from './aws-prices';
import { LIST_PAGE_KEYS } from './monthly-scaling';

/** DynamoDB read request units cover 4 KB each; write request units 1 KB (https://aws.amazon.com/dynamodb/pricing/on-demand/). */
const READ_UNIT_BYTES = 4096;
const WRITE_UNIT_BYTES = 1024;

/** A month of the registry-based reconciler and of the event path's registry writes. */
export interface RegistryCostInputs {
  playlists: number;
  /** Segment and other objects next to the playlists (what a listing would page through). */
  otherObjects: number;
  intervalMinutes: number;
  /** Per sweep, as measured: HEADs and the cursor's item requests (reads and writes alike, 1 unit each). */
  headsPerSweep: number;
  cursorRequestsPerSweep: number;
  /** Size of one registry item (attribute names included), bytes. */
  itemBytes: number;
  /** Instances that see a given key within an hour: each refreshes its item once an hour. */
  writersPerKey: number;
}

export interface RegistryMonthlyCost {
  sweeps: number;
  heads: number;
  readUnits: number;
  writeUnits: number;
  storageGb: number;
  usd: { heads: number; reads: number; writes: number; storage: number; total: number };
  /** The same schedule with a full ListObjectsV2 of every object per sweep (LIST requests only). */
  listingInstead: { lists: number; usd: number };
}

/**
 * Prices a month of the registry: every sweep Scans the items (eventually consistent: half a unit per
 * 4 KB read) and HEADs the live playlists; the event path writes each item once an hour per instance that
 * sees the key; the items are stored. Next to it, what listing every object on the same schedule would
 * cost in LIST requests alone. Pure.
 *
 * @example
 * registryMonthlyCost({ playlists: 100, otherObjects: 10_000_000, intervalMinutes: 1, headsPerSweep: 100,
 *   cursorRequestsPerSweep: 1, itemBytes: 300, writersPerKey: 5 }).usd.total;
 */
export function registryMonthlyCost(
  input: RegistryCostInputs,
  prices: AwsPrices = AWS_PRICES_US_EAST_1,
): RegistryMonthlyCost {
  const sweeps = (HOURS_PER_MONTH * 60) / input.intervalMinutes;
  const scanUnits = Math.ceil((input.playlists * input.itemBytes) / READ_UNIT_BYTES) / 2;
  const readUnits = sweeps * (scanUnits + input.cursorRequestsPerSweep);
  const itemWriteUnits = Math.ceil(input.itemBytes / WRITE_UNIT_BYTES);
  const writeUnits = input.playlists * input.writersPerKey * HOURS_PER_MONTH * itemWriteUnits;
  const heads = sweeps * input.headsPerSweep;
  const storageGb = (input.playlists * input.itemBytes) / 1024 ** 3;
  const usd = {
    heads: heads * prices.s3PerGetOrHeadUsd,
    reads: readUnits * prices.dynamoDbPerReadUnitUsd,
    writes: writeUnits * prices.dynamoDbPerWriteUnitUsd,
    storage: storageGb * prices.dynamoDbPerGbMonthUsd,
    total: 0,
  };
  usd.total = usd.heads + usd.reads + usd.writes + usd.storage;
  const lists =
    sweeps * Math.max(1, Math.ceil((input.playlists + input.otherObjects) / LIST_PAGE_KEYS));
  return {
    sweeps,
    heads,
    readUnits,
    writeUnits,
    storageGb,
    usd,
    listingInstead: { lists, usd: lists * prices.s3PerPutOrListUsd },
  };
}
