import { ORIGIN_FAILOVER_STATUS_CODES } from '@hls-stale-guard/contract';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import {
  DEFAULT_ROOT_OBJECT,
  ERROR_CACHING_MIN_TTL_SECONDS,
  PLAYLIST_TTL_SECONDS,
} from '../src/constructs/playback-distribution';
import { resources, single, statement, synthStacks, type TerraformJson } from './synth-helpers';

const CERTIFICATE =
  'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const WEB_ACL =
  'arn:aws:wafv2:us-east-1:123456789012:global/webacl/players/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

/** Every option on at once: one synth for the option tests. */
const HARDENED = {
  certificateArn: CERTIFICATE,
  aliases: ['live.example.com'],
  accessLogBucket: 'my-logs',
  webAclArn: WEB_ACL,
  priceClass: 'PriceClass_All',
};

type Behaviour = Record<string, unknown>;
const distributionOf = (tf: TerraformJson) => single(tf, 'aws_cloudfront_distribution');
const behavioursOf = (tf: TerraformJson): Behaviour[] => {
  const d = distributionOf(tf);
  return [d.default_cache_behavior as Behaviour, ...(d.ordered_cache_behavior as Behaviour[])];
};
const cachePolicy = (tf: TerraformJson, id: unknown) =>
  Object.entries(resources(tf, 'aws_cloudfront_cache_policy')).find(
    ([name]) => id === `\${aws_cloudfront_cache_policy.${name}.id}`,
  )?.[1];

describe('two pipelines: origin group failover', () => {
  const { main } = synthStacks();
  const distribution = distributionOf(main.tf);

  it('groups pipeline A (primary) and B (secondary), failing over on ORIGIN_FAILOVER_STATUS_CODES', () => {
    expect(distribution.origin_group).toEqual([
      {
        origin_id: 'origin-group-a-b',
        failover_criteria: { status_codes: [...ORIGIN_FAILOVER_STATUS_CODES] },
        member: [{ origin_id: 'origin-a' }, { origin_id: 'origin-b' }],
      },
    ]);
    expect(ORIGIN_FAILOVER_STATUS_CODES).toEqual(expect.arrayContaining([403, 404]));
  });

  it('routes every behaviour to the origin group, with GET/HEAD/OPTIONS only (origin-group rule)', () => {
    for (const behaviour of behavioursOf(main.tf)) {
      expect(behaviour.target_origin_id).toBe('origin-group-a-b');
      expect(behaviour.allowed_methods).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(behaviour.cached_methods).toEqual(['GET', 'HEAD']);
    }
  });

  it('reads both buckets through one Origin Access Control (SigV4, always signed)', () => {
    expect(main.json).toHaveResourceWithProperties(CloudfrontOriginAccessControl, {
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    expect(distribution.origin).toEqual(
      ['a', 'b'].map((p) => ({
        origin_id: `origin-${p}`,
        domain_name: `\${aws_s3_bucket.origin-${p}_origin_bucket.bucket_regional_domain_name}`,
        origin_access_control_id:
          '${aws_cloudfront_origin_access_control.playback_origin-access-control.id}',
      })),
    );
  });

  it('lets the distribution (pinned by AWS:SourceArn) read media under the prefixes and list the bucket, so a deleted playlist is a 404', () => {
    const pinned = {
      StringEquals: { 'AWS:SourceArn': '${aws_cloudfront_distribution.playback_distribution.arn}' },
    };
    expect(statement(main.tf, /origin-b_origin_policy/, 'CloudFrontReadsMedia')).toEqual({
      Sid: 'CloudFrontReadsMedia',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: ['s3:GetObject'],
      Resource: ['live/', 'hls-stale-guard-canary/'].map(
        (prefix) => `\${aws_s3_bucket.origin-b_origin_bucket.arn}/${prefix}*`,
      ),
      Condition: pinned,
    });
    expect(
      statement(main.tf, /origin-a_origin_policy/, 'CloudFrontSeesMissingKeysAs404'),
    ).toMatchObject({
      Action: ['s3:ListBucket'],
      Resource: ['${aws_s3_bucket.origin-a_origin_bucket.arn}'],
      Condition: pinned,
    });
  });

  it('never lists the bucket root: "/" maps to a default root object and no query string reaches S3', () => {
    expect(distribution.default_root_object).toBe(DEFAULT_ROOT_OBJECT);
    for (const policy of Object.values(resources(main.tf, 'aws_cloudfront_cache_policy'))) {
      expect(policy.parameters_in_cache_key_and_forwarded_to_origin).toMatchObject({
        query_strings_config: { query_string_behavior: 'none' },
        cookies_config: { cookie_behavior: 'none' },
      });
    }
  });
});

describe('caching', () => {
  const { main } = synthStacks();
  const [segments, playlists] = behavioursOf(main.tf) as [Behaviour, Behaviour];

  it('gives *.m3u8 a short TTL that honours origin Cache-Control (default ≤ 1 s, max small)', () => {
    expect(playlists.path_pattern).toBe('*.m3u8');
    const policy = cachePolicy(main.tf, playlists.cache_policy_id);
    expect(policy).toMatchObject({ min_ttl: 0, default_ttl: 1, max_ttl: PLAYLIST_TTL_SECONDS.max });
    expect(Number(policy?.default_ttl)).toBeLessThanOrEqual(1);
    expect(Number(policy?.max_ttl)).toBeLessThanOrEqual(2);
  });

  it('gives segments (the default behaviour) a long TTL', () => {
    expect(segments.path_pattern).toBeUndefined();
    expect(cachePolicy(main.tf, segments.cache_policy_id)).toMatchObject({
      default_ttl: 86_400,
      max_ttl: 31_536_000,
    });
  });

  it('caches every failover status code (403, 404, 500, 502, 503, 504) for at most 1 s', () => {
    const responses = distributionOf(main.tf).custom_error_response as {
      error_code: number;
      error_caching_min_ttl: number;
    }[];
    expect(responses.map((r) => r.error_code)).toEqual([...ORIGIN_FAILOVER_STATUS_CODES]);
    expect(responses.map((r) => r.error_code)).toEqual(
      expect.arrayContaining([403, 404, 500, 502, 503, 504]),
    );
    for (const r of responses) expect(r.error_caching_min_ttl).toBeLessThanOrEqual(1);
    expect(ERROR_CACHING_MIN_TTL_SECONDS).toBeLessThanOrEqual(1);
  });

  it('compresses (gzip and brotli in the cache key)', () => {
    for (const behaviour of behavioursOf(main.tf)) expect(behaviour.compress).toBe(true);
    expect(main.json).toHaveResourceWithProperties(CloudfrontCachePolicy, {
      parameters_in_cache_key_and_forwarded_to_origin: expect.objectContaining({
        enable_accept_encoding_brotli: true,
        enable_accept_encoding_gzip: true,
      }),
    });
  });
});

describe('viewer side', () => {
  const { main } = synthStacks();
  const distribution = distributionOf(main.tf);

  it('redirects HTTP to HTTPS on every behaviour', () => {
    for (const behaviour of behavioursOf(main.tf)) {
      expect(behaviour.viewer_protocol_policy).toBe('redirect-to-https');
    }
  });

  it('speaks HTTP/2 and HTTP/3 over IPv4 and IPv6', () => {
    expect(distribution).toMatchObject({
      http_version: 'http2and3',
      is_ipv6_enabled: true,
      enabled: true,
    });
  });

  it('adds CORS headers for browser players through a response headers policy on every behaviour', () => {
    expect(main.json).toHaveResourceWithProperties(CloudfrontResponseHeadersPolicy, {
      cors_config: expect.objectContaining({
        access_control_allow_origins: { items: ['*'] },
        access_control_allow_methods: { items: ['GET', 'HEAD', 'OPTIONS'] },
        access_control_allow_credentials: false,
        origin_override: true,
      }),
    });
    for (const behaviour of behavioursOf(main.tf)) {
      expect(behaviour.response_headers_policy_id).toBe(
        '${aws_cloudfront_response_headers_policy.playback_response-headers-policy.id}',
      );
    }
  });

  it('uses the *.cloudfront.net certificate without certificateArn', () => {
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distribution.aliases).toBeUndefined();
  });

  it('uses the certificate with SNI and TLS ≥ 1.2 (TLSv1.2_2021) when configured, with the aliases', () => {
    const { main: withCertificate } = synthStacks(HARDENED);
    expect(distributionOf(withCertificate.tf)).toMatchObject({
      aliases: ['live.example.com'],
      viewer_certificate: {
        acm_certificate_arn: CERTIFICATE,
        ssl_support_method: 'sni-only',
        minimum_protocol_version: 'TLSv1.2_2021',
      },
    });
  });
});

describe('options', () => {
  it('logs to the access-log bucket when configured', () => {
    const { main } = synthStacks(HARDENED);
    expect(distributionOf(main.tf).logging_config).toEqual({
      bucket: 'my-logs.s3.amazonaws.com',
      prefix: 'cloudfront/',
      include_cookies: false,
    });
  });

  it('attaches the web ACL when configured', () => {
    const { main } = synthStacks(HARDENED);
    expect(distributionOf(main.tf).web_acl_id).toBe(WEB_ACL);
  });

  it('uses the price class from the config', () => {
    const { main } = synthStacks(HARDENED);
    expect(distributionOf(main.tf).price_class).toBe('PriceClass_All');
  });
});

describe('one pipeline', () => {
  const { main } = synthStacks({ pipelines: ['a'] });

  it('has a single origin and no origin group; behaviours target it directly', () => {
    const distribution = distributionOf(main.tf);
    expect(distribution.origin_group).toBeUndefined();
    expect((distribution.origin as unknown[]).length).toBe(1);
    for (const behaviour of behavioursOf(main.tf))
      expect(behaviour.target_origin_id).toBe('origin-a');
  });
});
