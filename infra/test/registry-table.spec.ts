import { REGISTRY_TABLE_SCHEMA } from '@hls-stale-guard/contract';
import { single, synthStacks } from './synth-helpers';

describe('playlist registry table', () => {
  const { main } = synthStacks();
  const table = single(main.tf, 'aws_dynamodb_table');

  it('is named after the prefix, on-demand, keyed by the contract partition key (string)', () => {
    expect(table).toMatchObject({
      name: 'hls-stale-guard-playlist-registry',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: REGISTRY_TABLE_SCHEMA.partitionKey,
      attribute: [{ name: REGISTRY_TABLE_SCHEMA.partitionKey, type: 'S' }],
    });
    expect(table.range_key).toBeUndefined();
  });

  it('expires items by TTL on the contract attribute', () => {
    expect(table.ttl).toEqual({
      attribute_name: REGISTRY_TABLE_SCHEMA.ttlAttribute,
      enabled: true,
    });
  });

  it('has point-in-time recovery and encryption with the stack key', () => {
    expect(table.point_in_time_recovery).toEqual({ enabled: true });
    expect(table.server_side_encryption).toEqual({
      enabled: true,
      kms_key_arn: '${aws_kms_key.alarms_topic-key.arn}',
    });
  });

  it('is protected from deletion unless the config turns it off', () => {
    expect(table.deletion_protection_enabled).toBe(true);
    const { main: unprotected } = synthStacks({ registryDeletionProtection: false });
    expect(single(unprotected.tf, 'aws_dynamodb_table').deletion_protection_enabled).toBe(false);
  });

  it('is an output (registry_table)', () => {
    expect(main.tf.output['registry_table']?.value).toBe(
      '${aws_dynamodb_table.registry_table.name}',
    );
  });
});
