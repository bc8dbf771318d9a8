import { ORIGIN_FAILOVER_STATUS_CODES } from '@hls-stale-guard/contract';
import { Construct } from 'constructs';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import {
  CloudfrontDistribution,
  type CloudfrontDistributionViewerCertificate,
} from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { acceptRisk } from '../security/accept-risk';
import type { Origin } from './origin-bucket';

/**
 * Playlists: honour the encoder's Cache-Control, default 1 s, never more than 2 s — a deleted stale
 * playlist must disappear from the edge within a couple of seconds (well under a target duration).
 */
export const PLAYLIST_TTL_SECONDS = { min: 0, default: 1, max: 2 } as const;

/** Segments have unique names and never change: cache them a day by default, up to a year. */
const SEGMENT_TTL_SECONDS = { min: 0, default: 86_400, max: 31_536_000 } as const;

/**
 * Every origin failover status code (403/404 and 500/502/503/504) is cached for at most 1 s (CloudFront
 * caches errors for 10 s by default): a playlist that comes back — the encoder restarted — or an origin
 * that recovers from a 5xx is visible again within a second, instead of players seeing a cached error
 * for ten.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HTTPStatusCodes.html#HTTPStatusCodes-caching-errors
 */
export const ERROR_CACHING_MIN_TTL_SECONDS = 1;

/**
 * AWS managed origin request policy "Managed-CORS-S3Origin": forwards Origin and the
 * Access-Control-Request-* headers so S3 answers CORS preflight (OPTIONS) requests.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
 */
const MANAGED_CORS_S3_ORIGIN_REQUEST_POLICY_ID = '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf';

/**
 * `GET /` would make S3 list the bucket (the OAC principal has s3:ListBucket so that missing keys answer
 * 404). The default root object turns `/` into a GET of this key, which is outside the readable
 * prefixes; query strings are never forwarded, so `?list-type=2` cannot reach S3 either.
 */
export const DEFAULT_ROOT_OBJECT = 'index.html';

/** Methods origin groups allow (failover is only for GET, HEAD and OPTIONS). */
const ALLOWED_METHODS = ['GET', 'HEAD', 'OPTIONS'];
const CACHED_METHODS = ['GET', 'HEAD'];

/** Props of {@link PlaybackDistribution}. */
export interface PlaybackDistributionProps {
  readonly namePrefix: string;
  /** Origins in pipeline order: the first is the primary of the origin group. */
  readonly origins: readonly { readonly pipeline: string; readonly bucket: Origin }[];
  /** Prefixes viewers may read (watched prefixes including the canary prefix). */
  readonly prefixes: readonly string[];
  readonly priceClass: string;
  readonly certificateArn: string | null;
  readonly aliases: readonly string[];
  readonly accessLogBucket: string | null;
  readonly webAclArn: string | null;
}

/**
 * The CloudFront distribution players use. With two pipelines the behaviours target an origin group
 * (A primary, B secondary) that fails over on {@link ORIGIN_FAILOVER_STATUS_CODES}: once the checker
 * deletes A's stale playlist, the same URL answers with B's copy. Origins are read through Origin Access
 * Control; each origin bucket's policy grants the distribution (pinned by `AWS:SourceArn`) GetObject under
 * the prefixes and ListBucket (so a deleted key is a 404, not a 403).
 *
 * @example
 * new PlaybackDistribution(this, 'playback', { namePrefix, origins: [{ pipeline: 'a', bucket }], prefixes, priceClass: 'PriceClass_100', certificateArn: null, aliases: [], accessLogBucket: null, webAclArn: null });
 */
export class PlaybackDistribution extends Construct {
  readonly distribution: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: PlaybackDistributionProps) {
    super(scope, id);
    const [primary] = props.origins;
    if (!primary) throw new Error('PlaybackDistribution needs at least one origin');

    const oac = new CloudfrontOriginAccessControl(this, 'origin-access-control', {
      name: `${props.namePrefix}-origins`,
      description: 'CloudFront reads the origin buckets with SigV4',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const cacheKeyWithoutViewerInput = {
      cookiesConfig: { cookieBehavior: 'none' },
      headersConfig: { headerBehavior: 'none' },
      queryStringsConfig: { queryStringBehavior: 'none' },
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    };
    const playlistPolicy = new CloudfrontCachePolicy(this, 'playlist-cache-policy', {
      name: `${props.namePrefix}-playlists`,
      comment: 'HLS playlists: honour origin Cache-Control, at most 2 s',
      minTtl: PLAYLIST_TTL_SECONDS.min,
      defaultTtl: PLAYLIST_TTL_SECONDS.default,
      maxTtl: PLAYLIST_TTL_SECONDS.max,
      parametersInCacheKeyAndForwardedToOrigin: cacheKeyWithoutViewerInput,
    });
    const segmentPolicy = new CloudfrontCachePolicy(this, 'segment-cache-policy', {
      name: `${props.namePrefix}-segments`,
      comment: 'HLS segments: immutable, long TTL',
      minTtl: SEGMENT_TTL_SECONDS.min,
      defaultTtl: SEGMENT_TTL_SECONDS.default,
      maxTtl: SEGMENT_TTL_SECONDS.max,
      parametersInCacheKeyAndForwardedToOrigin: cacheKeyWithoutViewerInput,
    });
    const headersPolicy = new CloudfrontResponseHeadersPolicy(this, 'response-headers-policy', {
      name: `${props.namePrefix}-players`,
      comment: 'CORS for browser players (hls.js, Shaka) and HSTS',
      corsConfig: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: { items: ['*'] },
        accessControlAllowMethods: { items: ALLOWED_METHODS },
        accessControlAllowOrigins: { items: ['*'] },
        accessControlExposeHeaders: { items: ['Content-Length', 'Content-Range', 'ETag'] },
        accessControlMaxAgeSec: 600,
        originOverride: true,
      },
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: 31_536_000,
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
      },
    });

    const twoPipelines = props.origins.length === 2;
    const groupId = `origin-group-${props.origins.map((o) => o.pipeline).join('-')}`;
    const targetOriginId = twoPipelines ? groupId : `origin-${primary.pipeline}`;
    const behaviour = {
      targetOriginId,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ALLOWED_METHODS,
      cachedMethods: CACHED_METHODS,
      compress: true,
      originRequestPolicyId: MANAGED_CORS_S3_ORIGIN_REQUEST_POLICY_ID,
      responseHeadersPolicyId: headersPolicy.id,
    };
    const viewerCertificate: CloudfrontDistributionViewerCertificate =
      props.certificateArn === null
        ? { cloudfrontDefaultCertificate: true }
        : {
            acmCertificateArn: props.certificateArn,
            sslSupportMethod: 'sni-only',
            minimumProtocolVersion: 'TLSv1.2_2021',
          };

    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `${props.namePrefix}: live HLS with stale-playlist failover`,
      aliases: props.aliases.length > 0 ? [...props.aliases] : undefined,
      priceClass: props.priceClass,
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      defaultRootObject: DEFAULT_ROOT_OBJECT,
      webAclId: props.webAclArn ?? undefined,
      origin: props.origins.map(({ pipeline, bucket }) => ({
        originId: `origin-${pipeline}`,
        domainName: bucket.regionalDomainName,
        originAccessControlId: oac.id,
      })),
      originGroup: twoPipelines
        ? [
            {
              originId: groupId,
              failoverCriteria: { statusCodes: [...ORIGIN_FAILOVER_STATUS_CODES] },
              member: props.origins.map(({ pipeline }) => ({ originId: `origin-${pipeline}` })),
            },
          ]
        : undefined,
      // Segments (everything that is not a playlist) are the default behaviour.
      defaultCacheBehavior: { ...behaviour, cachePolicyId: segmentPolicy.id },
      orderedCacheBehavior: [
        { ...behaviour, pathPattern: '*.m3u8', cachePolicyId: playlistPolicy.id },
      ],
      customErrorResponse: ORIGIN_FAILOVER_STATUS_CODES.map((errorCode) => ({
        errorCode,
        errorCachingMinTtl: ERROR_CACHING_MIN_TTL_SECONDS,
      })),
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate,
      loggingConfig:
        props.accessLogBucket === null
          ? undefined
          : {
              bucket: `${props.accessLogBucket}.s3.amazonaws.com`,
              prefix: 'cloudfront/',
              includeCookies: false,
            },
    });

    if (props.webAclArn === null) {
      // checkov:skip=CKV_AWS_68: WAF is left to the operator (config webAclArn)
      acceptRisk(this.distribution, {
        rules: ['CKV_AWS_68', 'AVD-AWS-0011'],
        reason:
          'WAF is left to the operator (config webAclArn): the distribution serves public, read-only media with GET/HEAD/OPTIONS only; a web ACL costs per request and its rules depend on the audience',
      });
    }
    if (props.accessLogBucket === null) {
      // checkov:skip=CKV_AWS_86: access logging is optional by config (accessLogBucket)
      acceptRisk(this.distribution, {
        rules: ['CKV_AWS_86', 'AVD-AWS-0010'],
        reason:
          'standard logging is optional by config (accessLogBucket): it needs an existing bucket with ACLs enabled, which this stack does not own',
      });
    }
    if (props.certificateArn === null) {
      // checkov:skip=CKV_AWS_174: the default *.cloudfront.net certificate cannot set a minimum TLS version
      acceptRisk(this.distribution, {
        rules: ['CKV_AWS_174', 'AVD-AWS-0013'],
        reason:
          'without certificateArn the distribution uses the *.cloudfront.net certificate, whose security policy CloudFront fixes (TLSv1); with a certificate the minimum is TLSv1.2_2021',
      });
    }
    if (!twoPipelines) {
      // checkov:skip=CKV_AWS_310: one pipeline has nothing to fail over to
      acceptRisk(this.distribution, {
        rules: ['CKV_AWS_310'],
        reason:
          'a single-pipeline deployment has no second origin to fail over to; deleting the stale playlist still turns a frozen 200 into a 404 the player reports',
      });
    }

    for (const { bucket } of props.origins) {
      const sourceArn = { StringEquals: { 'AWS:SourceArn': this.distribution.arn } };
      bucket.addPolicyStatements(
        {
          Sid: 'CloudFrontReadsMedia',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: ['s3:GetObject'],
          Resource: props.prefixes.map((prefix) => `${bucket.bucketArn}/${prefix}*`),
          Condition: sourceArn,
        },
        {
          Sid: 'CloudFrontSeesMissingKeysAs404',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: ['s3:ListBucket'],
          Resource: [bucket.bucketArn],
          Condition: sourceArn,
        },
      );
    }
  }
}
