import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { REGISTRY_TABLE_SCHEMA } from '@hls-stale-guard/contract';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from './child-server';
import { localClientConfig } from './start-fauxqs';

/** The registry table's name on the local server unless a caller picks another. */
const LOCAL_REGISTRY_TABLE = 'hls-stale-guard-registry';

/** Client settings on top of the local endpoint, region and credentials (`endpoint` may point at a proxy). */
type LocalClientOptions = Omit<DynamoDBClientConfig, 'region' | 'credentials'>;

/** A running dynalite (DynamoDB protocol, in memory) on 127.0.0.1, with the registry table created. */
export interface LocalDynamoDb extends ChildServer {
  /** The playlist registry table, created as `REGISTRY_TABLE_SCHEMA` says. */
  tableName: string;
  /** A client for `endpoint` with the local credentials and region (plus `options`: retries, timeouts). */
  client(options?: LocalClientOptions): DynamoDBClient;
}

/**
 * Creates the playlist registry table as infra does: partition key `pk` (string), on-demand billing. The
 * TTL on `expiresAt` is not set here: dynalite does not implement UpdateTimeToLive (nor expiry), and no
 * test relies on items expiring.
 */
export async function createRegistryTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: REGISTRY_TABLE_SCHEMA.partitionKey, AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: REGISTRY_TABLE_SCHEMA.partitionKey, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

/**
 * Starts dynalite in a child process bound to 127.0.0.1 on an ephemeral port, in memory, and creates the
 * registry table.
 *
 * @example
 * const dynamodb = await startDynalite();
 * const registry = new DynamoDbPlaylistRegistry(dynamodb.client(), dynamodb.tableName);
 * await dynamodb.stop();
 */
export async function startDynalite(options: { tableName?: string } = {}): Promise<LocalDynamoDb> {
  const server = await startChildServer(
    'dynalite',
    process.execPath,
    join(__dirname, 'dynalite-child.cjs'),
  );
  const tableName = options.tableName ?? LOCAL_REGISTRY_TABLE;
  const client = (clientOptions: LocalClientOptions = {}) =>
    new DynamoDBClient({ ...localClientConfig(server.endpoint), ...clientOptions });
  const admin = client();
  try {
    await createRegistryTable(admin, tableName);
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    admin.destroy();
  }
  return { ...server, tableName, client };
}
