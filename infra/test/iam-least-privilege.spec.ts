import type { PolicyStatement } from '../src/iam/policy-document';
import { policyDocuments, synthStacks } from './synth-helpers';

/**
 * The only Allow statements that may name `Resource: "*"` or a whole-service action, each with the
 * reason. `conditioned: true` means the statement must carry a Condition.
 */
const WILDCARD_ALLOW_LIST: Record<string, { reason: string; conditioned: boolean }> = {
  WriteTraces: {
    reason:
      'xray:PutTraceSegments/PutTelemetryRecords have neither resource types nor condition keys (AWS service authorization reference)',
    conditioned: false,
  },
  Traces: { reason: 'boundary copy of WriteTraces', conditioned: false },
  CreateEventSourceMapping: {
    reason: 'lambda:CreateEventSourceMapping has no resource type; limited by lambda:FunctionArn',
    conditioned: true,
  },
  ReadLambdaAccountSettings: {
    reason:
      'lambda:GetAccountSettings has no resource type or condition key (deploy role: the reserved-concurrency check before apply)',
    conditioned: false,
  },
  FindEventSourceMappings: {
    reason:
      'lambda:ListEventSourceMappings has no resource type or condition key (deploy role: the emergency stop finds the checker’s mapping; metadata only)',
    conditioned: false,
  },
  ReadCanaryMetric: {
    reason:
      'cloudwatch:GetMetricData has no resource type or condition key (deploy role: the dry-run canary reads DryRunWouldDelete)',
    conditioned: false,
  },
  CreateTaggedKey: {
    reason:
      'kms:CreateKey acts on a key that has no ARN yet; limited by the project tag on the request',
    conditioned: true,
  },
  AccountAdministersKey: {
    reason:
      'a key policy’s Resource "*" is the key itself; kms:* for the account root is the AWS default that delegates to IAM',
    conditioned: false,
  },
  DeployerConfiguresNewKey: {
    reason:
      'a key policy’s Resource "*" is the key itself; the deploying principal configures the key it just created without waiting for the tag IAM conditions on',
    conditioned: false,
  },
  DeployerLetsDynamoDbUseNewKey: {
    reason:
      'a key policy’s Resource "*" is the key itself; CreateGrant only for an AWS resource (the registry table)',
    conditioned: true,
  },
  CloudWatchPublishesEncrypted: {
    reason:
      'a key policy’s Resource "*" is the key itself (CloudWatch alarms publish to the encrypted topic); limited by aws:SourceAccount',
    conditioned: true,
  },
};

const VARIANTS = [
  {},
  { pipelines: ['a'], reservedConcurrency: null, accessLogBucket: 'my-logs', tracing: 'active' },
  {
    existingOriginBuckets: ['acme-live-a', 'acme-live-b'],
    distribution: 'existing',
    existingDistributionId: 'E1ABCDEF23456',
  },
];

function allStatements(): { where: string; statement: PolicyStatement }[] {
  return VARIANTS.flatMap((overrides, variant) => {
    const { main, bootstrap } = synthStacks(overrides);
    return [main, bootstrap].flatMap(({ tf }) =>
      policyDocuments(tf).flatMap(({ where, document }) =>
        document.Statement.map((statement) => ({
          where: `variant ${variant}: ${where}`,
          statement,
        })),
      ),
    );
  });
}

const isServiceWildcard = (action: string) => action === '*' || /^[a-z0-9-]+:\*$/.test(action);

describe('IAM least privilege (every policy of both stacks)', () => {
  const statements = allStatements();
  const allows = statements.filter((s) => s.statement.Effect === 'Allow');

  it('finds the policies (sanity)', () => {
    expect(allows.length).toBeGreaterThan(30);
  });

  it('never allows Action "*" or "<service>:*" outside the allow-list', () => {
    for (const { where, statement } of allows) {
      const wildcards = (statement.Action ?? []).filter(isServiceWildcard);
      if (wildcards.length > 0) {
        expect({ where, sid: statement.Sid, listed: statement.Sid in WILDCARD_ALLOW_LIST }).toEqual(
          {
            where,
            sid: statement.Sid,
            listed: true,
          },
        );
      }
    }
  });

  it('never allows Resource "*" outside the allow-list; listed statements are conditioned where the API allows it', () => {
    for (const { where, statement } of allows) {
      if (!(statement.Resource ?? []).includes('*')) continue;
      const entry = WILDCARD_ALLOW_LIST[statement.Sid];
      expect({ where, sid: statement.Sid, listed: entry !== undefined }).toEqual({
        where,
        sid: statement.Sid,
        listed: true,
      });
      if (entry?.conditioned) expect(statement.Condition).toBeDefined();
      // A Resource "*" statement should not mix in other resources: the allow-list reason covers one API.
      expect(statement.Resource).toEqual(['*']);
    }
  });

  it('never uses NotAction or NotResource in an Allow (they grant everything else)', () => {
    for (const { statement } of allows) {
      expect(statement.NotAction).toBeUndefined();
      expect(statement.NotResource).toBeUndefined();
    }
  });

  it('allows anonymous principals nowhere: Principal "*" only in Deny statements', () => {
    for (const { where, statement } of allows) {
      expect({ where, sid: statement.Sid, principal: statement.Principal }).not.toEqual(
        expect.objectContaining({ principal: '*' }),
      );
      expect(JSON.stringify(statement.Principal ?? {})).not.toContain('"AWS":"*"');
    }
  });

  it('has an allow-list whose entries are all still used (no stale exceptions)', () => {
    const used = new Set(
      allows
        .filter(
          ({ statement }) =>
            (statement.Resource ?? []).includes('*') ||
            (statement.Action ?? []).some(isServiceWildcard),
        )
        .map(({ statement }) => statement.Sid),
    );
    expect([...used].sort()).toEqual(Object.keys(WILDCARD_ALLOW_LIST).sort());
  });

  it('gives every statement a unique Sid within its policy', () => {
    const byPolicy = new Map<string, string[]>();
    for (const { where, statement } of statements) {
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
      byPolicy.set(where, [...(byPolicy.get(where) ?? []), statement.Sid]);
    }
    for (const sids of byPolicy.values()) expect(new Set(sids).size).toBe(sids.length);
  });
});
