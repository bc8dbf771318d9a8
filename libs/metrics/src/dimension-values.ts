/*
 * Dimension values the sinks derive themselves (the dimension names and sets are the contract's
 * metric vocabulary).
 */

/** `Bucket` value when the observation has no bucket (e.g. a malformed message). */
export const BUCKET_UNKNOWN = 'unknown';

/** `Channel` value for every channel beyond the per-invocation cardinality cap. */
export const CHANNEL_OTHER = 'other';

/** `Channel` value when the key has no usable path segment at the rule's position. */
export const CHANNEL_ROOT = '(root)';
