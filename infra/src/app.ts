import { App } from 'cdktf';
import type { InfraConfig } from './config/infra-config';
import type { StateBackend } from './config/state-backend';
import { BOOTSTRAP_STACK_NAME, MAIN_STACK_NAME } from './naming';
import { BootstrapStack } from './stacks/bootstrap-stack';
import { HlsStaleGuardStack } from './stacks/hls-stale-guard-stack';

/** Everything the app needs; `main.ts` fills it from the environment, tests from fixtures. */
export interface BuildAppOptions {
  readonly config: InfraConfig;
  readonly outdir: string;
  readonly checkerZipPath: string;
  readonly stateBucketName: string;
  readonly backends: { readonly main: StateBackend; readonly bootstrap: StateBackend };
}

/**
 * Both stacks in one app: `hls-stale-guard` (the deployment) and `hls-stale-guard-bootstrap`.
 *
 * @example
 * const { app } = buildApp({ config, outdir: 'infra/cdktf.out', checkerZipPath, stateBucketName, backends });
 * app.synth();
 */
export function buildApp(
  options: BuildAppOptions,
  // No stack traces in the JSON metadata: they would put absolute paths of this machine into it.
  app: App = new App({ outdir: options.outdir, stackTraces: false }),
) {
  const main = new HlsStaleGuardStack(app, MAIN_STACK_NAME, {
    config: options.config,
    checkerZipPath: options.checkerZipPath,
    backend: options.backends.main,
  });
  const mainKey =
    options.backends.main.kind === 's3' ? options.backends.main.key : 'terraform.tfstate';
  const bootstrap = new BootstrapStack(app, BOOTSTRAP_STACK_NAME, {
    config: options.config,
    stateBucketName: options.stateBucketName,
    mainStateKey: mainKey,
    backend: options.backends.bootstrap,
  });
  return { app, main, bootstrap };
}
