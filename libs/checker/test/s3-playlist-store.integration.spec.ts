import {
  CreateBucketCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startFauxqs,
  type LocalAws,
} from '@hls-stale-guard/local-aws';
import { DEFAULT_METRICS_CONFIG, InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3PlaylistStore } from '../src/adapters/s3-playlist-store';
import { checkAtDeadline } from '../src/core/check-at-deadline';
import { createChecker } from '../src/create-checker';
import { RecordingLogger } from '../src/testing/recording-logger';
import { livePlaylist, simConfig } from '../src/testing/simulated-origin';
import { registryNotConfigured } from '../src/registry/registry-not-configured';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

/** A scripted S3-protocol server on 127.0.0.1: answers each request with `handler`. */
async function scriptedS3(handler: Handler): Promise<{ endpoint: string; close(): Promise<void> }> {
  let attempt = 0;
  const server: Server = createServer((req, res) => {
    attempt += 1;
    req.resume();
    req.on('end', () => handler(req, res, attempt));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const client = (endpoint: string, extra: Partial<S3ClientConfig> = {}) =>
  new S3Client({
    endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
    forcePathStyle: true,
    ...extra,
  });

const xmlError = (res: ServerResponse, status: number, code: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
  );
};

describe('S3PlaylistStore: a delete whose response was lost', () => {
  it('counts a 404 on the SDK’s retry as our own delete (the first attempt deleted, its response was lost)', async () => {
    const server = await scriptedS3((req, res, attempt) => {
      expect(req.method).toBe('DELETE');
      expect(req.headers['if-match']).toBe('"abc"');
      // The server acted on the first attempt, then the connection died before the answer.
      if (attempt === 1) return void req.socket.destroy();
      xmlError(res, 404, 'NoSuchKey');
    });
    const s3 = client(server.endpoint, { maxAttempts: 3 });
    try {
      const store = new S3PlaylistStore(s3);
      expect(await store.deleteIfMatch('origin-a', 'live/a.m3u8', '"abc"')).toEqual({
        kind: 'deleted',
      });
    } finally {
      s3.destroy();
      await server.close();
    }
  });

  it('still calls a 404 on the first attempt “gone” (someone else deleted it)', async () => {
    const server = await scriptedS3((_req, res) => xmlError(res, 404, 'NoSuchKey'));
    const s3 = client(server.endpoint, { maxAttempts: 3 });
    try {
      expect(
        await new S3PlaylistStore(s3).deleteIfMatch('origin-a', 'live/a.m3u8', '"abc"'),
      ).toEqual({ kind: 'gone' });
    } finally {
      s3.destroy();
      await server.close();
    }
  });
});

describe('S3PlaylistStore.listVersions (ListObjectVersions)', () => {
  const listing = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    '<Name>origin-a</Name><Prefix>live/a.m3u8</Prefix><MaxKeys>1000</MaxKeys>',
    '<IsTruncated>true</IsTruncated><NextKeyMarker>live/a.m3u8.tmp</NextKeyMarker>',
    '<NextVersionIdMarker>v9</NextVersionIdMarker>',
    '<Version><Key>live/a.m3u8</Key><VersionId>v3</VersionId><IsLatest>true</IsLatest>',
    '<LastModified>2026-11-26T10:00:03.000Z</LastModified><ETag>"x"</ETag><Size>10</Size></Version>',
    '<DeleteMarker><Key>live/a.m3u8</Key><VersionId>v2</VersionId><IsLatest>false</IsLatest>',
    '<LastModified>2026-11-26T10:00:02.000Z</LastModified></DeleteMarker>',
    '<Version><Key>live/a.m3u8</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest>',
    '<LastModified>2026-11-26T10:00:00.000Z</LastModified><ETag>"x"</ETag><Size>10</Size></Version>',
    '<Version><Key>live/a.m3u8.tmp</Key><VersionId>v9</VersionId><IsLatest>true</IsLatest>',
    '<LastModified>2026-11-26T10:00:05.000Z</LastModified><ETag>"y"</ETag><Size>10</Size></Version>',
    '</ListVersionsResult>',
  ].join('');

  it('lists exactly this key’s versions and delete markers; another key on the next page is no truncation', async () => {
    let url = '';
    const server = await scriptedS3((req, res) => {
      url = req.url ?? '';
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(listing);
    });
    const s3 = client(server.endpoint, { maxAttempts: 1 });
    try {
      const history = await new S3PlaylistStore(s3).listVersions('origin-a', 'live/a.m3u8');
      expect(url).toContain('versions');
      expect(decodeURIComponent(url)).toContain('prefix=live/a.m3u8');
      expect(history).toEqual({
        kind: 'history',
        truncated: false,
        versions: expect.arrayContaining([
          expect.objectContaining({ versionId: 'v3', etag: '"x"', deleteMarker: false }),
          expect.objectContaining({ versionId: 'v2', deleteMarker: true }),
          expect.objectContaining({ versionId: 'v1', etag: '"x"' }),
        ]),
      });
      expect(history.kind === 'history' && history.versions).toHaveLength(3);
    } finally {
      s3.destroy();
      await server.close();
    }
  });

  it.each([
    [403, 'AccessDenied'],
    [501, 'NotImplemented'],
  ])('answers %i %s with “cannot tell”, not an error', async (status, code) => {
    const server = await scriptedS3((_req, res) => xmlError(res, status, code));
    const s3 = client(server.endpoint, { maxAttempts: 1 });
    try {
      expect(await new S3PlaylistStore(s3).listVersions('origin-a', 'live/a.m3u8')).toEqual({
        kind: 'cannot-tell',
        reason: expect.stringContaining(code),
      });
    } finally {
      s3.destroy();
      await server.close();
    }
  });
});

describe('an identical re-upload on fauxqs (no version history): kept, never judged by the first write', () => {
  let aws: LocalAws;
  let s3: S3Client;
  beforeAll(async () => {
    aws = await startFauxqs();
    s3 = client(aws.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'origin-a' }));
  });
  afterAll(async () => {
    s3?.destroy();
    await aws?.stop();
  });

  it('keeps X written again after Y (an encoder restart) and re-bases its deadline on LastModified + 999 ms', async () => {
    const key = 'live/restart/720p.m3u8';
    const put = (mediaSequence: number) =>
      s3.send(
        new PutObjectCommand({
          Bucket: 'origin-a',
          Key: key,
          Body: livePlaylist({ mediaSequence, targetDuration: 1 }),
        }),
      );
    const first = await put(0);
    const firstWrittenAtMs = Date.now();
    await put(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the restart lands a later whole second
    await put(0);
    const logger = new RecordingLogger();
    const { deps } = createChecker({
      registry: registryNotConfigured('the S3 adapter test (checkAtDeadline only)'),
      config: simConfig({ metrics: DEFAULT_METRICS_CONFIG }),
      store: new S3PlaylistStore(s3),
      queue: { postpone: async () => {} },
      metrics: new InMemoryMetricsSink(),
      logger,
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // past 1.5 × 1 s from the first X
    const outcome = await checkAtDeadline(deps, {
      bucket: 'origin-a',
      key,
      etag: first.ETag as string,
      writtenAtMs: firstWrittenAtMs - 1000,
      source: 'event',
    });
    expect(outcome).toMatchObject({ kind: 'not-due' });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', contentSince: 'cannot-tell' }),
    );
    const head = await deps.store.head('origin-a', key);
    expect(head?.etag).toBe(first.ETag);
    expect((outcome as { deadlineMs: number }).deadlineMs).toBe(
      (head?.lastModifiedMs ?? 0) + 999 + 1500,
    );
  });
});
