import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { REGISTRY_TABLE_SCHEMA } from '@hls-stale-guard/contract';
import { startDynalite } from './start-dynalite';

describe('dynalite on 127.0.0.1', () => {
  it('listens on loopback with the registry table as infra creates it, and stop ends its process', async () => {
    const dynamodb = await startDynalite({ tableName: 'registry-under-test' });
    const client = dynamodb.client();
    try {
      expect(dynamodb.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { Table } = await client.send(
        new DescribeTableCommand({ TableName: 'registry-under-test' }),
      );
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema).toEqual([
        { AttributeName: REGISTRY_TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
      ]);
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    } finally {
      client.destroy();
      await dynamodb.stop();
    }
    expect(() => process.kill(dynamodb.pid, 0)).toThrow();
  });
});
