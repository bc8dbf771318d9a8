import { createJsonLineLogger } from './metrics-logger';

describe('createJsonLineLogger', () => {
  it('writes one JSON object per line with level and message first', () => {
    const lines: string[] = [];
    const logger = createJsonLineLogger((line) => lines.push(line));

    logger.warn('metrics publish failed', { event: 'metrics-publish-failed', failedRequests: 1 });

    expect(lines).toEqual([
      '{"level":"warn","message":"metrics publish failed","event":"metrics-publish-failed","failedRequests":1}',
    ]);
  });
});
