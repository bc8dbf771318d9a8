import { gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import type { CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import ok from './__fixtures__/put-metric-data-ok.json';
import throttling from './__fixtures__/put-metric-data-throttling.json';
import invalidParameter from './__fixtures__/put-metric-data-invalid-parameter.json';

/** An HTTP response as CloudWatch's JSON 1.0 protocol sends it; `body` is serialized as JSON. */
export interface CannedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

export const CANNED = { ok, throttling, invalidParameter } satisfies Record<string, CannedResponse>;

/** What the SDK put on the wire. */
export interface CapturedRequest {
  headers: Record<string, string>;
  /** Bytes on the wire (gzipped when the SDK compressed the body). */
  wireBytes: number;
  /** The decoded JSON body. */
  json: string;
  /** The abort signal fired while this request was in flight. */
  aborted: boolean;
}

/**
 * A request handler for a *real* CloudWatchClient: the SDK serializes, signs, retries and parses as in
 * production; only the socket is replaced. Answers with the canned responses in order (the last one
 * repeats); `'hang'` never answers, like a black-holed connection, until the request is aborted.
 */
export class FakeCloudWatchHttp {
  readonly requests: CapturedRequest[] = [];
  private next = 0;

  constructor(private readonly script: readonly (CannedResponse | 'hang')[]) {}

  /** Client options that route every request through this fake. */
  clientConfig(): CloudWatchClientConfig {
    return {
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
      requestHandler: { handle: this.handle },
    };
  }

  private readonly handle = async (
    request: { headers: Record<string, string>; body: Uint8Array | string },
    options?: { abortSignal?: AbortSignal },
  ): Promise<{ response: CannedResponse & { body: Readable } }> => {
    // A view on the bytes: Buffer.from(body) would call the SDK body's string methods (and warn).
    const wire =
      typeof request.body === 'string'
        ? Buffer.from(request.body)
        : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    const gzip = request.headers['content-encoding'] === 'gzip';
    const captured: CapturedRequest = {
      headers: { ...request.headers },
      wireBytes: wire.length,
      json: (gzip ? gunzipSync(wire) : wire).toString('utf8'),
      aborted: false,
    };
    this.requests.push(captured);
    const step = this.script[Math.min(this.next, this.script.length - 1)];
    this.next += 1;
    if (step === undefined || step === 'hang') {
      return new Promise((_, reject) => {
        options?.abortSignal?.addEventListener('abort', () => {
          captured.aborted = true;
          reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
        });
      });
    }
    return {
      response: {
        statusCode: step.statusCode,
        headers: { ...step.headers },
        body: Readable.from([Buffer.from(JSON.stringify(step.body))]),
      },
    };
  };
}
