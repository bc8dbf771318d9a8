/**
 * The settings of the checker's S3, SQS and DynamoDB clients, the Lambda's and every local wiring's
 * (lab, benchmark, integration tests): bounded calls, so a hung connection is retried instead of waited
 * on until the function times out. At most `maxAttempts` tries per call
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html); each try gives up after
 * `connectionTimeout` to connect and `requestTimeout` to answer. Without `throwOnRequestTimeout` the
 * request handler only warns when `requestTimeout` passes and keeps waiting
 * (https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-maxsockets.html
 * shows the `requestHandler` shorthand).
 *
 * @example new S3Client({ ...CHECKER_SDK_CLIENT_SETTINGS });
 */
export const CHECKER_SDK_CLIENT_SETTINGS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
} as const;
