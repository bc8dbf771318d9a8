import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CloudWatchStub {
  endpoint: string;
  /** PutMetricData requests answered. */
  putMetricDataCalls(): number;
  stop(): Promise<void>;
}

/**
 * A CloudWatch endpoint on 127.0.0.1 that accepts every request the way CloudWatch's JSON 1.0 protocol
 * answers a successful PutMetricData (200, `{}`), so the bundle's metrics flush completes as it would in
 * AWS. It counts what it got.
 *
 * @example
 * const cloudWatch = await startCloudWatchStub();
 * env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudWatch.endpoint;
 */
export async function startCloudWatchStub(): Promise<CloudWatchStub> {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (String(req.headers['x-amz-target'] ?? '').endsWith('.PutMetricData')) calls += 1;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    putMetricDataCalls: () => calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
