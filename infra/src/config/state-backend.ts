/** Environment variables that locate the Terraform remote state (set by CI and by operators). */
const STATE_ENV = {
  bucket: 'TF_STATE_BUCKET',
  key: 'TF_STATE_KEY',
  region: 'TF_STATE_REGION',
} as const;

/** State keys: the main stack's is overridable with `TF_STATE_KEY`, the bootstrap's is fixed. */
export const DEFAULT_MAIN_STATE_KEY = 'hls-stale-guard/terraform.tfstate';
export const BOOTSTRAP_STATE_KEY = 'hls-stale-guard/bootstrap.tfstate';

/**
 * Where a stack keeps its state. `s3` is the real thing (native S3 locking with a `.tflock` object,
 * Terraform ≥ 1.11; DynamoDB locking is deprecated). `local` (relative path) is for tests only.
 */
export type StateBackend = S3StateBackend | { readonly kind: 'local'; readonly path: string };

/** The remote state of a stack in S3. */
export interface S3StateBackend {
  readonly kind: 's3';
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
}

/** Thrown when the environment does not say where the state lives. */
export class StateBackendConfigError extends Error {
  override readonly name = 'StateBackendConfigError';
}

/**
 * The S3 backends of both stacks from the environment.
 *
 * @throws {StateBackendConfigError} when `TF_STATE_BUCKET` is missing or empty.
 * @example
 * const { main, bootstrap } = stateBackendsFromEnv(process.env, 'us-east-1');
 */
export function stateBackendsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  stackRegion: string,
): { main: S3StateBackend; bootstrap: S3StateBackend } {
  const bucket = env[STATE_ENV.bucket]?.trim();
  if (!bucket) {
    throw new StateBackendConfigError(
      `${STATE_ENV.bucket} is not set: it names the S3 bucket holding the Terraform state ` +
        `(the bootstrap stack's state_bucket output). To synth without AWS, any value works: ` +
        `${STATE_ENV.bucket}=dummy npx nx run infra:synth`,
    );
  }
  const region = env[STATE_ENV.region]?.trim() || stackRegion;
  const key = env[STATE_ENV.key]?.trim() || DEFAULT_MAIN_STATE_KEY;
  if (key === BOOTSTRAP_STATE_KEY) {
    throw new StateBackendConfigError(
      `${STATE_ENV.key} must differ from the bootstrap stack's key ${BOOTSTRAP_STATE_KEY}`,
    );
  }
  return {
    main: { kind: 's3', bucket, key, region },
    bootstrap: { kind: 's3', bucket, key: BOOTSTRAP_STATE_KEY, region },
  };
}
