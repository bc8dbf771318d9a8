import { ORIGIN_FAILOVER_STATUS_CODES } from '@hls-stale-guard/contract';
import { describeStandIns } from './stand-ins';

const lab = {
  fauxqs: { endpoint: 'http://127.0.0.1:4566', pid: 42 },
  buckets: ['lab-origin-a', 'lab-origin-b'],
  checker: true,
  reconcileEveryMs: 15_000,
  encoder: 'synthetic' as const,
};

describe('what stands in for AWS', () => {
  it('names every stand-in and the AWS part it plays', () => {
    expect(describeStandIns(lab).map((s) => s.standsFor)).toEqual([
      'Amazon S3 and Amazon SQS',
      'S3 event notifications (ObjectCreated, suffix .m3u8)',
      'the Lambda event source mapping (batches, ReportBatchItemFailures)',
      'the reconciler schedule',
      'CloudFront with an origin group (A, then B)',
      'AWS Elemental MediaLive (two pipelines, epoch-locked, one URL per rendition through the origin group)',
    ]);
  });

  it('describes the encoder by the topology it publishes', () => {
    const redundant = describeStandIns({ ...lab, topology: 'redundant-manifests' });
    expect(redundant.at(-1)?.standsFor).toBe(
      'AWS Elemental MediaLive (two pipelines, redundant manifests)',
    );
  });

  it('lists dynalite as DynamoDB, with its table, when the checker runs', () => {
    const withRegistry = describeStandIns({
      ...lab,
      dynalite: {
        endpoint: 'http://127.0.0.1:4567',
        pid: 43,
        tableName: 'hls-stale-guard-registry',
      },
    });
    const dynalite = withRegistry.find((s) => s.standsFor.startsWith('Amazon DynamoDB'));
    expect(dynalite?.detail).toBe('http://127.0.0.1:4567 (pid 43): table hls-stale-guard-registry');
    expect(withRegistry).toHaveLength(describeStandIns(lab).length + 1);
  });

  it('the edge advertises the contract’s failover codes', () => {
    const edge = describeStandIns(lab).find((s) => s.name === 'edge');
    expect(edge?.detail).toContain(ORIGIN_FAILOVER_STATUS_CODES.join(', '));
  });

  it('says the checker is off in the control case', () => {
    const off = describeStandIns({ ...lab, checker: false });
    expect(off.filter((s) => s.detail === 'off (--no-checker)')).toHaveLength(2);
  });
});
