import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRegistryTable, startDynalite, type LocalDynamoDb } from '@hls-stale-guard/local-aws';
import { DynamoDbPlaylistRegistry } from './dynamodb-playlist-registry';
import { RegistryError } from './playlist-registry';
import { describeRegistryContract, observation } from './playlist-registry.contract';

let dynamodb: LocalDynamoDb;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  dynamodb = await startDynalite();
  client = dynamodb.client();
});
afterAll(async () => {
  client.destroy();
  await dynamodb.stop();
});

/** A new, empty table per test on the same dynalite. */
async function freshTable(): Promise<DynamoDbPlaylistRegistry> {
  tables += 1;
  const tableName = `registry-${tables}`;
  await createRegistryTable(client, tableName);
  return new DynamoDbPlaylistRegistry(client, tableName);
}

describeRegistryContract('DynamoDbPlaylistRegistry on dynalite', freshTable);

describe('DynamoDbPlaylistRegistry on dynalite', () => {
  it('an unreadable item is reported as a problem with its pk, not thrown', async () => {
    const registry = await freshTable();
    await registry.record(observation());
    await client.send(
      new PutItemCommand({
        TableName: `registry-${tables}`,
        Item: { pk: { S: 'origin-a/live/odd.m3u8' }, state: { S: 'sleeping' } },
      }),
    );
    const page = await registry.scan({ limit: 10 });
    expect(page.items).toHaveLength(2);
    expect(page.items).toContainEqual({
      pk: 'origin-a/live/odd.m3u8',
      problem: 'missing bucket, key or etag',
    });
  });

  it('a missing table is a RegistryError naming the operation, with the cause', async () => {
    const registry = new DynamoDbPlaylistRegistry(client, 'no-such-table');
    const failure = registry.record(observation());
    await expect(failure).rejects.toBeInstanceOf(RegistryError);
    await expect(failure).rejects.toThrow(
      /DynamoDB UpdateItem origin-a\/live\/ch1\/720p.m3u8 failed: ResourceNotFoundException/,
    );
    await expect(registry.scan({ limit: 1 })).rejects.toThrow(/DynamoDB Scan/);
    await expect(registry.readCursor()).rejects.toThrow(/DynamoDB GetItem/);
  });
});
