import { LOCAL_AWS_CREDENTIALS } from '@hls-stale-guard/local-aws';
import { runCli } from '../main';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the CLI in-process as an operator would against the local servers: their credentials in the
 * environment (the SDK's default provider chain reads them), output captured, the environment restored.
 *
 * @example
 * const { code, out } = await runCliLocally(['audit', '--bucket', 'b', '--endpoint', aws.endpoint]);
 */
export async function runCliLocally(argv: readonly string[]): Promise<CliRun> {
  const env = {
    AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
  };
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await runCli([...argv], {
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      isTty: false,
      env,
    });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}
