import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';

/**
 * Attempts per PutMetricData call (first try + 2 retries). The publisher's time bound
 * ({@link MetricsConfig.publishTimeoutMs}) caps them anyway: a retry that would end after it is aborted.
 */
export const CLOUDWATCH_MAX_ATTEMPTS = 3;

/**
 * `standard`, not `adaptive`: adaptive adds a client-side rate limiter that, after one throttle, delays
 * the next send of this container — time the publisher does not have; one Lambda container sends about
 * one request per invocation, so there is no local rate to adapt. Standard retries throttling (with a
 * longer backoff), 5xx and network errors.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
const CLOUDWATCH_RETRY_MODE = 'standard';

/**
 * A CloudWatch client configured for the publisher: standard retry mode, {@link CLOUDWATCH_MAX_ATTEMPTS}
 * attempts. Build it once at module scope in the handler; anything in `overrides` wins (tests pass a
 * `requestHandler`, the lab a local `endpoint`).
 *
 * @example
 * const cloudWatch = createCloudWatchClient();
 * const metrics = new CloudWatchMetricsPublisher({ client: cloudWatch, config: loadMetricsConfig(process.env) });
 */
export function createCloudWatchClient(overrides: CloudWatchClientConfig = {}): CloudWatchClient {
  return new CloudWatchClient({
    retryMode: CLOUDWATCH_RETRY_MODE,
    maxAttempts: CLOUDWATCH_MAX_ATTEMPTS,
    ...overrides,
  });
}
