import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { REGISTRY_TABLE_SCHEMA } from '@hls-stale-guard/contract';
import {
  RegistryError,
  RegistryState,
  registryPk,
  renditionPk,
  SWEEP_CURSOR_PK,
  type RenditionEntry,
  type RenditionObservation,
  type RenditionRecordResult,
  type RenditionState,
  type PlaylistRegistry,
  type RecordResult,
  type RegistryEntry,
  type RegistryObservation,
  type RegistryPage,
  type ScannedItem,
} from './playlist-registry';

/**
 * A Scan page returns at most 1 MB of items, whatever `Limit` says
 * (docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html): with items of ≈ 300 B, a
 * 1,000-item page stays well under it.
 */
export const REGISTRY_SCAN_PAGE_SIZE = 1000;

const PK = REGISTRY_TABLE_SCHEMA.partitionKey;
const TTL = REGISTRY_TABLE_SCHEMA.ttlAttribute;

/** Per-state "since" attributes: the one of the current state survives refreshes, the others are removed. */
const SINCE: Record<RegistryState, string> = {
  live: 'liveSinceMs',
  deleted: 'deletedSinceMs',
  kept: 'keptSinceMs',
};

type Item = Record<string, AttributeValue>;

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: number): AttributeValue => ({ N: String(value) });

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: unknown } | undefined)?.name === 'ConditionalCheckFailedException';
}

function wrap(operation: string, subject: string, error: unknown): RegistryError {
  const name = error instanceof Error ? error.name : 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return new RegistryError(
    `DynamoDB ${operation} ${subject} failed: ${name}${status ? ` (${status})` : ''}`,
    { cause: error },
  );
}

/**
 * The playlist registry on a DynamoDB table (`REGISTRY_TABLE_SCHEMA`: partition key `pk`, TTL on
 * `expiresAt`). One conditional `UpdateItem` per recorded observation: `observedAtMs` only moves forward,
 * and the current state's `<state>SinceMs` is set only when the state changes (`if_not_exists`), so the
 * transition time survives refreshes without a read. The sweep cursor is an item of the same table.
 *
 * @example new DynamoDbPlaylistRegistry(new DynamoDBClient({}), process.env.REGISTRY_TABLE)
 */
export class DynamoDbPlaylistRegistry implements PlaylistRegistry {
  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async record(observation: RegistryObservation): Promise<RecordResult> {
    const pk = registryPk(observation.bucket, observation.key);
    const names: Record<string, string> = {
      '#bucket': 'bucket',
      '#key': 'key',
      '#etag': 'etag',
      '#firstWritten': 'firstWrittenMs',
      '#state': 'state',
      '#observed': 'observedAtMs',
      '#lastSeen': 'lastSeenMs',
      '#expires': TTL,
      '#since': SINCE[observation.state],
      '#reason': 'reason',
      '#pk': PK,
    };
    const values: Item = {
      ':bucket': s(observation.bucket),
      ':key': s(observation.key),
      ':etag': s(observation.etag),
      ':firstWritten': n(observation.firstWrittenMs),
      ':state': s(observation.state),
      ':observed': n(observation.observedAtMs),
      ':now': n(observation.nowMs),
      ':expires': n(observation.expiresAt),
    };
    const set = [
      '#bucket = :bucket',
      '#key = :key',
      '#etag = :etag',
      '#firstWritten = :firstWritten',
      '#state = :state',
      '#observed = :observed',
      '#lastSeen = :now',
      '#expires = :expires',
      '#since = if_not_exists(#since, :now)',
    ];
    const remove: string[] = [];
    for (const [state, attribute] of Object.entries(SINCE)) {
      if (state === observation.state) continue;
      names[`#since_${state}`] = attribute;
      remove.push(`#since_${state}`);
    }
    if (observation.reason === undefined) remove.push('#reason');
    else {
      set.push('#reason = :reason');
      values[':reason'] = s(observation.reason);
    }
    if (observation.timing) {
      names['#td'] = 'targetDurationMs';
      names['#pt'] = 'partTargetMs';
      set.push('#td = :td');
      values[':td'] = n(observation.timing.targetDurationMs);
      if (observation.timing.partTargetMs === undefined) remove.push('#pt');
      else {
        set.push('#pt = :pt');
        values[':pt'] = n(observation.timing.partTargetMs);
      }
    }
    try {
      await this.dynamodb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [PK]: s(pk) },
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_not_exists(#pk) OR #observed <= :observed',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return { kind: 'recorded' };
    } catch (error) {
      if (isConditionFailure(error)) return { kind: 'newer-exists' };
      throw wrap('UpdateItem', pk, error);
    }
  }

  async read(bucket: string, key: string): Promise<RegistryEntry | undefined> {
    const pk = registryPk(bucket, key);
    let out;
    try {
      out = await this.dynamodb.send(
        new GetItemCommand({ TableName: this.tableName, Key: { [PK]: s(pk) } }),
      );
    } catch (error) {
      throw wrap('GetItem', pk, error);
    }
    if (!out.Item) return undefined;
    const decoded = decodeEntry(out.Item);
    if (typeof decoded === 'string') throw new RegistryError(`registry item ${pk}: ${decoded}`);
    return decoded;
  }

  /**
   * One conditional `UpdateItem` (`ReturnValues: ALL_OLD`, which costs no read capacity
   * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html)): the previous
   * state comes back with the write. `sinceMs` is set only when the state changes.
   */
  async recordRendition(observation: RenditionObservation): Promise<RenditionRecordResult> {
    const pk = renditionPk(observation.renditionId);
    const names: Record<string, string> = {
      '#pk': PK,
      '#rendition': 'renditionId',
      '#state': 'state',
      '#live': 'livePipelines',
      '#observed': 'observedAtMs',
      '#since': 'sinceMs',
      '#expires': TTL,
      '#channel': 'channel',
    };
    const values: Item = {
      ':rendition': s(observation.renditionId),
      ':state': s(observation.state),
      ':live': { L: observation.livePipelines.map(s) },
      ':observed': n(observation.observedAtMs),
      ':now': n(observation.nowMs),
      ':expires': n(observation.expiresAt),
    };
    const set = [
      '#rendition = :rendition',
      '#state = :state',
      '#live = :live',
      '#observed = :observed',
      '#expires = :expires',
      // The state's start: kept while the state holds, reset when it changes.
      '#since = if_not_exists(#since, :now)',
    ];
    const remove: string[] = [];
    if (observation.channel === undefined) remove.push('#channel');
    else {
      set.push('#channel = :channel');
      values[':channel'] = s(observation.channel);
    }
    let previous: RenditionEntry | undefined;
    try {
      // First the same state (its `sinceMs` kept); on a state change this condition fails and the
      // second write below sets `sinceMs` anew. Either way, never over a newer observation.
      const out = await this.dynamodb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [PK]: s(pk) },
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression:
            'attribute_not_exists(#pk) OR (#observed <= :observed AND #state = :state)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      previous = out.Attributes ? decodeRendition(out.Attributes) : undefined;
      return previous ? { kind: 'recorded', previous } : { kind: 'recorded' };
    } catch (error) {
      if (!isConditionFailure(error)) throw wrap('UpdateItem', pk, error);
    }
    // The item exists with another state, or a newer observation: change the state only if not older.
    try {
      const out = await this.dynamodb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [PK]: s(pk) },
          UpdateExpression: `SET ${set.map((e) => (e.startsWith('#since') ? '#since = :now' : e)).join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: '#observed <= :observed',
          // Every name given must be used (DynamoDB rejects the rest): `#pk` is not, here.
          ExpressionAttributeNames: Object.fromEntries(
            Object.entries(names).filter(([name]) => name !== '#pk'),
          ),
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      previous = out.Attributes ? decodeRendition(out.Attributes) : undefined;
      return previous ? { kind: 'recorded', previous } : { kind: 'recorded' };
    } catch (error) {
      if (isConditionFailure(error)) return { kind: 'newer-exists' };
      throw wrap('UpdateItem', pk, error);
    }
  }

  async scan(options: { after?: string; limit: number }): Promise<RegistryPage> {
    let out;
    try {
      out = await this.dynamodb.send(
        new ScanCommand({
          TableName: this.tableName,
          Limit: options.limit,
          ...(options.after === undefined ? {} : { ExclusiveStartKey: { [PK]: s(options.after) } }),
        }),
      );
    } catch (error) {
      throw wrap('Scan', `after ${options.after ?? '(start)'}`, error);
    }
    const items: ScannedItem[] = [];
    for (const item of out.Items ?? []) {
      const pk = item[PK]?.S;
      // Every item has its partition key; the cursor's and the renditions' items (`#…`) are no playlists.
      if (pk === undefined || pk === SWEEP_CURSOR_PK || pk.startsWith('#')) continue;
      const decoded = decodeEntry(item);
      items.push(typeof decoded === 'string' ? { pk, problem: decoded } : { pk, entry: decoded });
    }
    const next = out.LastEvaluatedKey?.[PK]?.S;
    return next === undefined ? { items } : { items, next };
  }

  async readCursor(): Promise<string | undefined> {
    try {
      const out = await this.dynamodb.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { [PK]: s(SWEEP_CURSOR_PK) },
          ConsistentRead: true,
        }),
      );
      return out.Item?.['position']?.S;
    } catch (error) {
      throw wrap('GetItem', SWEEP_CURSOR_PK, error);
    }
  }

  async moveCursor(
    from: string | undefined,
    to: string | undefined,
    nowMs: number,
  ): Promise<boolean> {
    const condition =
      from === undefined
        ? { ConditionExpression: 'attribute_not_exists(#position)' }
        : {
            ConditionExpression: '#position = :from',
            ExpressionAttributeValues: { ':from': s(from) },
          };
    try {
      if (to === undefined) {
        await this.dynamodb.send(
          new DeleteItemCommand({
            TableName: this.tableName,
            Key: { [PK]: s(SWEEP_CURSOR_PK) },
            ExpressionAttributeNames: { '#position': 'position' },
            ...condition,
          }),
        );
      } else {
        await this.dynamodb.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: { [PK]: s(SWEEP_CURSOR_PK), position: s(to), updatedAtMs: n(nowMs) },
            ExpressionAttributeNames: { '#position': 'position' },
            ...condition,
          }),
        );
      }
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw wrap(to === undefined ? 'DeleteItem' : 'PutItem', SWEEP_CURSOR_PK, error);
    }
  }
}

function num(item: Item, name: string): number | undefined {
  const text = item[name]?.N;
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function isState(value: string | undefined): value is RegistryState {
  return Object.values(RegistryState).includes(value as RegistryState);
}

const RENDITION_STATES: readonly string[] = ['healthy', 'failed-over', 'down', 'recovered'];

/** A rendition item as read back; `undefined` when it is not one (never expected: written only here). */
function decodeRendition(item: Item): RenditionEntry | undefined {
  const renditionId = item['renditionId']?.S;
  const state = item['state']?.S;
  const observedAtMs = num(item, 'observedAtMs');
  if (renditionId === undefined || state === undefined || !RENDITION_STATES.includes(state)) {
    return undefined;
  }
  if (observedAtMs === undefined) return undefined;
  const channel = item['channel']?.S;
  return {
    renditionId,
    ...(channel === undefined ? {} : { channel }),
    state: state as RenditionState,
    livePipelines: (item['livePipelines']?.L ?? []).flatMap((v) =>
      v.S === undefined ? [] : [v.S],
    ),
    observedAtMs,
    sinceMs: num(item, 'sinceMs') ?? observedAtMs,
  };
}

/** An item as a registry entry, or what is wrong with it. */
function decodeEntry(item: Item): RegistryEntry | string {
  const bucket = item['bucket']?.S;
  const key = item['key']?.S;
  const etag = item['etag']?.S;
  const state = item['state']?.S;
  const firstWrittenMs = num(item, 'firstWrittenMs');
  const observedAtMs = num(item, 'observedAtMs');
  if (bucket === undefined || key === undefined || etag === undefined) {
    return 'missing bucket, key or etag';
  }
  if (!isState(state)) return `unknown state ${JSON.stringify(state)}`;
  if (firstWrittenMs === undefined || observedAtMs === undefined) {
    return 'missing firstWrittenMs or observedAtMs';
  }
  const targetDurationMs = num(item, 'targetDurationMs');
  const partTargetMs = num(item, 'partTargetMs');
  const reason = item['reason']?.S;
  return {
    bucket,
    key,
    etag,
    firstWrittenMs,
    state,
    ...(reason === undefined ? {} : { reason }),
    ...(targetDurationMs === undefined || targetDurationMs <= 0
      ? {}
      : {
          timing:
            partTargetMs === undefined || partTargetMs <= 0
              ? { targetDurationMs }
              : { targetDurationMs, partTargetMs },
        }),
    observedAtMs,
    transitionAtMs: num(item, SINCE[state]) ?? observedAtMs,
    lastSeenMs: num(item, 'lastSeenMs') ?? observedAtMs,
    expiresAt: num(item, TTL) ?? 0,
  };
}
