/**
 * What happens in the lab, as typed events on one bus: the status panel, the terminal, the scenario
 * timelines and the logs all read it.
 */
import type { PipelineId } from './layout';

/** The lab's parts, named after the AWS part each one stands in for. */
export const Component = {
  lab: 'lab',
  encoder: 'encoder (MediaLive stand-in)',
  uploads: 'uploads (S3 PutObject, DeleteObject)',
  notifications: 'S3 → SQS notification stand-in',
  eventSource: 'Lambda SQS event-source stand-in',
  schedule: 'EventBridge schedule stand-in',
  checker: 'stale-checker (same code as the Lambda)',
  edge: 'edge (CloudFront stand-in)',
  player: 'player (hls.js)',
} as const;
export type Component = (typeof Component)[keyof typeof Component];

export type ControlAction =
  | { action: 'crash-pipeline'; pipeline: PipelineId }
  | { action: 'crash-rendition'; pipeline: PipelineId; rendition: string }
  | { action: 'restore' }
  | { action: 'end' };

export type StreamState = 'running' | 'crashed' | 'ended';

export type LabEventBody =
  | { type: 'started'; url: string }
  /** A playlist upload that S3 accepted (seen by the upload tap, before the notification stand-in). */
  | {
      type: 'playlist-put';
      pipeline: PipelineId;
      key: string;
      rendition?: string;
      mediaSequence?: number;
      endList: boolean;
      /** Why the checker never deletes this version (`judgeVersion`: vod, endlist, invalid, …). */
      neverStale?: string;
      /** The earliest instant this version can have been written (the upload tap's request time). */
      writtenAtMs: number;
      /** When this version becomes stale (RFC 8216 §6.2.1 with the lab's multiple); none with ENDLIST. */
      deadlineMs?: number;
    }
  /**
   * A media playlist deleted by a client other than the checker (the audit CLI's `--delete`, any S3 client
   * through the lab's S3 endpoint), seen by the upload tap and confirmed gone by a read.
   */
  | {
      type: 'playlist-deleted';
      by: 'other';
      pipeline: PipelineId;
      bucket: string;
      key: string;
      rendition?: string;
      /** The version the DeleteObject named, if any. */
      versionId?: string;
      /** When S3's answer to the DeleteObject reached the upload tap. */
      deletedAtMs: number;
    }
  | { type: 'control'; control: ControlAction }
  | {
      type: 'stream-state';
      pipeline: PipelineId;
      rendition: string;
      state: StreamState;
      detail?: string;
    }
  /** One decision of the stale-checker (its own structured log line). */
  | {
      type: 'checker-decision';
      bucket: string;
      key: string;
      verdict: string;
      reason?: string;
      source?: string;
      deadlineMs?: number;
      lagMs?: number;
    }
  | { type: 'reconcile-sweep'; deleted: number; scanned: number; durationMs: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export type LabEvent = LabEventBody & { id: number; atMs: number; component: Component };

export type LabEventListener = (event: LabEvent) => void;

/** Events kept for the status panel and late subscribers. */
const RECENT_EVENTS = 500;

/**
 * A synchronous event bus with a bounded history.
 *
 * @example
 * const bus = new LabEventBus(Date.now);
 * bus.subscribe((e) => console.log(e.type));
 * bus.emit(Component.lab, { type: 'log', level: 'info', message: 'hello' });
 */
export class LabEventBus {
  private readonly listeners = new Set<LabEventListener>();
  private readonly history: LabEvent[] = [];
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  emit(component: Component, body: LabEventBody): LabEvent {
    const event = { ...body, id: this.nextId, atMs: this.now(), component } as LabEvent;
    this.nextId += 1;
    this.history.push(event);
    if (this.history.length > RECENT_EVENTS)
      this.history.splice(0, this.history.length - RECENT_EVENTS);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  subscribe(listener: LabEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  recent(count = RECENT_EVENTS): LabEvent[] {
    return this.history.slice(-count);
  }
}
