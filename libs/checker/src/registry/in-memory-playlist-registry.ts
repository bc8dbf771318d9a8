import {
  registryPk,
  renditionPk,
  type RenditionEntry,
  type RenditionObservation,
  type RenditionRecordResult,
  type PlaylistRegistry,
  type RecordResult,
  type RegistryEntry,
  type RegistryObservation,
  type RegistryPage,
} from './playlist-registry';

export type RegistryOperation =
  'record' | 'read' | 'recordRendition' | 'scan' | 'readCursor' | 'moveCursor';

/**
 * The registry in memory, for unit tests only: the same conditional semantics as the DynamoDB adapter (the
 * newest observation wins; the cursor moves by compare-and-set), proven by the same contract tests. Scans
 * in `pk` order (DynamoDB scans in hash order; either way every item comes once). `beforeOperation` lets a
 * test fail a call or land a concurrent write at any point.
 */
export class InMemoryPlaylistRegistry implements PlaylistRegistry {
  private readonly items = new Map<string, RegistryEntry>();
  private readonly renditions = new Map<string, RenditionEntry>();
  private cursor: string | undefined;
  readonly calls: Record<RegistryOperation, number> = {
    record: 0,
    read: 0,
    recordRendition: 0,
    scan: 0,
    readCursor: 0,
    moveCursor: 0,
  };
  beforeOperation: (operation: RegistryOperation, pk?: string) => void = () => {};

  get(bucket: string, key: string): RegistryEntry | undefined {
    const entry = this.items.get(registryPk(bucket, key));
    return entry ? structuredClone(entry) : undefined;
  }

  /** A rendition item, without counting a call. */
  rendition(renditionId: string): RenditionEntry | undefined {
    const entry = this.renditions.get(renditionId);
    return entry ? structuredClone(entry) : undefined;
  }

  get size(): number {
    return this.items.size;
  }

  /** The cursor as stored, without counting a call. */
  get storedCursor(): string | undefined {
    return this.cursor;
  }

  async record(observation: RegistryObservation): Promise<RecordResult> {
    const pk = registryPk(observation.bucket, observation.key);
    this.enter('record', pk);
    const existing = this.items.get(pk);
    if (existing && !(existing.observedAtMs <= observation.observedAtMs)) {
      return { kind: 'newer-exists' };
    }
    const timing = observation.timing ?? existing?.timing;
    const entry: RegistryEntry = {
      bucket: observation.bucket,
      key: observation.key,
      etag: observation.etag,
      firstWrittenMs: observation.firstWrittenMs,
      state: observation.state,
      ...(observation.reason === undefined ? {} : { reason: observation.reason }),
      ...(timing === undefined ? {} : { timing: { ...timing } }),
      observedAtMs: observation.observedAtMs,
      transitionAtMs:
        existing?.state === observation.state ? existing.transitionAtMs : observation.nowMs,
      lastSeenMs: observation.nowMs,
      expiresAt: observation.expiresAt,
    };
    this.items.set(pk, entry);
    return { kind: 'recorded' };
  }

  async read(bucket: string, key: string): Promise<RegistryEntry | undefined> {
    const pk = registryPk(bucket, key);
    this.enter('read', pk);
    const entry = this.items.get(pk);
    return entry ? structuredClone(entry) : undefined;
  }

  async recordRendition(observation: RenditionObservation): Promise<RenditionRecordResult> {
    this.enter('recordRendition', renditionPk(observation.renditionId));
    const existing = this.renditions.get(observation.renditionId);
    if (existing && !(existing.observedAtMs <= observation.observedAtMs)) {
      return { kind: 'newer-exists' };
    }
    this.renditions.set(observation.renditionId, {
      renditionId: observation.renditionId,
      ...(observation.channel === undefined ? {} : { channel: observation.channel }),
      state: observation.state,
      livePipelines: [...observation.livePipelines],
      observedAtMs: observation.observedAtMs,
      sinceMs: existing?.state === observation.state ? existing.sinceMs : observation.nowMs,
    });
    return existing
      ? { kind: 'recorded', previous: structuredClone(existing) }
      : { kind: 'recorded' };
  }

  async scan(options: { after?: string; limit: number }): Promise<RegistryPage> {
    this.enter('scan', options.after);
    const keys = [...this.items.keys()]
      .filter((pk) => options.after === undefined || pk > options.after)
      .sort();
    const page = keys.slice(0, options.limit);
    return {
      items: page.map((pk) => ({
        pk,
        entry: structuredClone(this.items.get(pk) as RegistryEntry),
      })),
      next: keys.length > page.length ? page.at(-1) : undefined,
    };
  }

  async readCursor(): Promise<string | undefined> {
    this.enter('readCursor');
    return this.cursor;
  }

  async moveCursor(from: string | undefined, to: string | undefined): Promise<boolean> {
    this.enter('moveCursor', to);
    if (this.cursor !== from) return false;
    this.cursor = to;
    return true;
  }

  private enter(operation: RegistryOperation, pk?: string): void {
    this.calls[operation] += 1;
    this.beforeOperation(operation, pk);
  }
}
