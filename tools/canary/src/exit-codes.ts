/** Process exit codes of the canary (documented in `--help` and docs/deploy.md). */
export const EXIT_CODES = {
  /** The stale live playlist answered 404 in time, the finished one 200, and cleanup succeeded. */
  passed: 0,
  /** The verdict is a failure (reason printed); cleanup ran. */
  failed: 1,
  /** Bad or missing flags. */
  usage: 2,
  /** The playlists could not be uploaded (credentials, bucket, region): nothing was verified. */
  setupFailed: 3,
  /** The verdict passed but the canary objects could not all be deleted (keys printed). */
  cleanupFailed: 4,
  /** SIGINT/SIGTERM (128 + 2, the shell convention); cleanup ran. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
