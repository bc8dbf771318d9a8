import { REGISTRY_TABLE_SCHEMA } from '@hls-stale-guard/contract';
import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';

/** Props of {@link RegistryTable}. */
export interface RegistryTableProps {
  readonly tableName: string;
  /** The stack's customer managed KMS key (server-side encryption). */
  readonly kmsKeyArn: string;
  readonly deletionProtection: boolean;
}

/**
 * The playlist registry: one item per live playlist the checker has seen (`pk` = `<bucket>/<key>`),
 * expired by DynamoDB TTL on `expiresAt` when a playlist is not seen for `REGISTRY_TTL_HOURS`
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html). On-demand billing (the
 * load follows the encoders, a few writes per playlist per minute at most), point-in-time recovery,
 * encryption with the stack's KMS key, deletion protection by config.
 *
 * @example
 * new RegistryTable(this, 'registry', { tableName, kmsKeyArn: key.arn, deletionProtection: true });
 */
export class RegistryTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: RegistryTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: REGISTRY_TABLE_SCHEMA.partitionKey,
      attribute: [{ name: REGISTRY_TABLE_SCHEMA.partitionKey, type: 'S' }],
      ttl: { attributeName: REGISTRY_TABLE_SCHEMA.ttlAttribute, enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: props.deletionProtection,
    });
  }
}
