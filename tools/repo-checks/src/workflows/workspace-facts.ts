/** What the workflow checks need to know about the workspace, as plain data (loaded by `loadWorkspaceFacts`). */

/** The parts of an Nx target configuration that decide whether it can run. */
export interface TargetConfig {
  readonly executor?: string;
  readonly command?: string;
  readonly outputs?: readonly string[];
  readonly options?: { readonly command?: string; readonly commands?: unknown };
}

export interface ProjectFacts {
  readonly root: string;
  readonly targets: Readonly<Record<string, TargetConfig>>;
}

export interface WorkspaceFacts {
  /** `scripts` of the root package.json. */
  readonly rootScripts: Readonly<Record<string, string>>;
  /** `engines.node` of the root package.json, e.g. `>=20`. */
  readonly nodeEngines: string | undefined;
  /** Nx projects by name, read from every project.json. */
  readonly projects: Readonly<Record<string, ProjectFacts>>;
  /** `targetDefaults` of nx.json. */
  readonly targetDefaults: Readonly<Record<string, TargetConfig>>;
  /** Files Nx targets declare as `outputs` (`{workspaceRoot}/dist/…`), repository-relative; the checks add files workflows bundle with esbuild. */
  readonly buildOutputs: readonly string[];
  /** Repository-relative POSIX paths of every tracked or untracked, not ignored file. */
  readonly files: readonly string[];
  /** Content of {@link TERRAFORM_VERSION_FILE}, `undefined` when it is missing. */
  readonly terraformVersion: string | undefined;
  /** Text of {@link DEPLOY_DOC}, `undefined` when it is missing. */
  readonly deployDoc: string | undefined;
}

/** The Terraform version every workflow installs (read by `hashicorp/setup-terraform`). */
export const TERRAFORM_VERSION_FILE = 'infra/.terraform-version';

/** Where the repository and environment variables the workflows read are documented. */
export const DEPLOY_DOC = 'docs/deploy.md';

/** Where project.json files live (the lead's layout). */
export const PROJECT_JSON_GLOBS = [
  'apps/*/project.json',
  'libs/*/project.json',
  'tools/*/project.json',
  'infra/project.json',
] as const;
