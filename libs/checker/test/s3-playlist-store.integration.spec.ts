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
import { parsePlaylist } from '@hls-stale-guard/playlist';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3PlaylistStore } from '../src/adapters/s3-playlist-store';
import { checkAtDeadline } from '../src/core/check-at-deadline';
import { FactsCache } from '../src/core/facts-cache';
import { readFacts } from '../src/core/read-facts';
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

/** An ffmpeg-style live playlist: PROGRAM-DATE-TIME on every segment (≈ 84 bytes a segment). */
function pdtPlaylist(segments: number): string {
  const t0 = Date.UTC(2026, 10, 20, 10, 0, 0);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:2',
    '#EXT-X-MEDIA-SEQUENCE:7',
  ];
  for (let i = 0; i < segments; i += 1) {
    lines.push(
      `#EXT-X-PROGRAM-DATE-TIME:${new Date(t0 + i * 2000).toISOString()}`,
      '#EXTINF:2.000000,',
      `segment_${7 + i}.ts`,
    );
  }
  return `${lines.join('\n')}\n`;
}

interface RecordedGet {
  range: string | undefined;
  ifMatch: string | undefined;
  bytes: number;
}

/** Records every GET the client sends: its Range and If-Match headers and the body bytes answered. */
function recordGets(s3: S3Client): RecordedGet[] {
  const gets: RecordedGet[] = [];
  s3.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { method?: string; headers?: Record<string, string> };
      const result = await next(args);
      if (request.method === 'GET') {
        const header = (name: string) =>
          Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
        const response = result.response as { headers?: Record<string, string> };
        gets.push({
          range: header('range'),
          ifMatch: header('if-match'),
          bytes: Number(response.headers?.['content-length'] ?? Number.NaN),
        });
      }
      return result;
    },
    { step: 'finalizeRequest', name: 'recordGets' },
  );
  return gets;
}

describe('readFacts on fauxqs: one GET for a playlist up to 16 KiB, two for a larger one', () => {
  let aws: LocalAws;
  let s3: S3Client;
  let gets: RecordedGet[];
  beforeAll(async () => {
    aws = await startFauxqs();
    s3 = client(aws.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'origin-a' }));
    gets = recordGets(s3);
  });
  afterAll(async () => {
    s3?.destroy();
    await aws?.stop();
  });

  const putAndRead = async (key: string, body: string) => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'origin-a', Key: key, Body: body }));
    const etag = put.ETag as string;
    gets.length = 0;
    const read = await readFacts(
      { store: new S3PlaylistStore(s3), cache: new FactsCache() },
      'origin-a',
      key,
      etag,
    );
    if (read.kind !== 'facts') throw new Error(`expected facts, got ${JSON.stringify(read)}`);
    return { etag, facts: read.facts };
  };

  it('reads a 100-segment playlist (8.5 KiB) whole with one GET of bytes=0-16383, If-Match', async () => {
    const body = pdtPlaylist(100);
    expect(Buffer.byteLength(body)).toBeGreaterThan(8 * 1024);

    const { etag, facts } = await putAndRead('live/100/720p.m3u8', body);

    expect(gets).toEqual([
      { range: 'bytes=0-16383', ifMatch: etag, bytes: Buffer.byteLength(body) },
    ]);
    expect(facts).toEqual(parsePlaylist(body));
  });

  it('reads a 10,000-segment playlist (≈ 840 KiB) with two GETs, 24 KiB, both If-Match', async () => {
    const body = pdtPlaylist(10_000);
    const total = Buffer.byteLength(body);

    const { etag, facts } = await putAndRead('live/10000/720p.m3u8', body);

    expect(gets).toEqual([
      { range: 'bytes=0-16383', ifMatch: etag, bytes: 16_384 },
      { range: `bytes=${total - 8192}-${total - 1}`, ifMatch: etag, bytes: 8192 },
    ]);
    const full = parsePlaylist(body);
    if (full.kind !== 'media') throw new Error('the full parse is not media');
    expect(facts).toMatchObject({
      kind: 'media',
      targetDurationMs: full.targetDurationMs,
      mediaSequence: full.mediaSequence,
      hasEndList: false,
      lastProgramDateTimeMs: full.lastProgramDateTimeMs,
    });
  });
});

describe('readFacts on a server that ignores Range', () => {
  it('takes a whole answer to the first GET as the whole playlist: one GET, the facts of the full parse', async () => {
    const body = pdtPlaylist(1000);
    expect(Buffer.byteLength(body)).toBeGreaterThan(24 * 1024);
    const requests: Array<{ range?: string; ifMatch?: string }> = [];
    const server = await scriptedS3((req, res) => {
      requests.push({
        range: req.headers.range,
        ifMatch: req.headers['if-match'],
      });
      res.writeHead(200, {
        etag: '"abc"',
        'content-type': 'application/vnd.apple.mpegurl',
        'content-length': String(Buffer.byteLength(body)),
        'last-modified': new Date().toUTCString(),
      });
      res.end(body);
    });
    const s3 = client(server.endpoint, { maxAttempts: 1 });
    try {
      const read = await readFacts(
        { store: new S3PlaylistStore(s3), cache: new FactsCache() },
        'origin-a',
        'live/a.m3u8',
        '"abc"',
      );
      expect(requests).toEqual([{ range: 'bytes=0-16383', ifMatch: '"abc"' }]);
      expect(read).toEqual({ kind: 'facts', facts: parsePlaylist(body) });
    } finally {
      s3.destroy();
      await server.close();
    }
  });
});
