/** Adapter: reads the workspace from disk (and `git ls-files`) into {@link WorkspaceFacts}. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { githubGlobToRegExp } from './github-glob';
import { parseWorkflow, type WorkflowParseResult } from './workflow-view';
import {
  DEPLOY_DOC,
  PROJECT_JSON_GLOBS,
  TERRAFORM_VERSION_FILE,
  type ProjectFacts,
  type TargetConfig,
  type WorkspaceFacts,
} from './workspace-facts';

/** Where the workflows live. */
const WORKFLOWS_DIR = '.github/workflows';

class WorkspaceReadError extends Error {
  override readonly name = 'WorkspaceReadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function readJson(root: string, path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new WorkspaceReadError(`cannot read ${path}`, { cause: error });
  }
}

function readOptional(root: string, path: string): string | undefined {
  const full = join(root, path);
  return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
}

/** Tracked and untracked-but-not-ignored files, as git sees them. */
function listFiles(root: string): string[] {
  try {
    const out = execFileSync(
      'git',
      ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
      { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    return out.split('\0').filter((f) => f.length > 0);
  } catch (error) {
    throw new WorkspaceReadError('cannot list files with git ls-files', { cause: error });
  }
}

/**
 * Reads package.json, nx.json, every project.json, the Terraform version file and the deploy doc.
 *
 * @example
 * const facts = loadWorkspaceFacts('/work/main');
 * facts.projects['stale-checker']?.targets['build']; // { executor: 'nx:run-commands', … }
 */
export function loadWorkspaceFacts(root: string): WorkspaceFacts {
  const pkg = readJson(root, 'package.json');
  const nx = readJson(root, 'nx.json');
  const files = listFiles(root);
  const projectFiles = PROJECT_JSON_GLOBS.map(githubGlobToRegExp);
  const projects: Record<string, ProjectFacts> = {};
  for (const file of files.filter((f) => projectFiles.some((re) => re.test(f)))) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree
    const project = readJson(root, file);
    const projectRoot = file.slice(0, -'/project.json'.length);
    const name = typeof project['name'] === 'string' ? project['name'] : projectRoot;
    projects[name] = {
      root: projectRoot,
      targets: (project['targets'] ?? {}) as Record<string, TargetConfig>,
    };
  }
  const engines = (pkg['engines'] ?? {}) as Record<string, string>;
  const buildOutputs = Object.values(projects).flatMap((project) =>
    Object.values(project.targets).flatMap((target) =>
      (Array.isArray(target.outputs) ? target.outputs : [])
        .filter((o) => o.startsWith('{workspaceRoot}/'))
        .map((o) => o.slice('{workspaceRoot}/'.length)),
    ),
  );
  return {
    rootScripts: (pkg['scripts'] ?? {}) as Record<string, string>,
    nodeEngines: engines['node'],
    projects,
    targetDefaults: (nx['targetDefaults'] ?? {}) as Record<string, TargetConfig>,
    buildOutputs,
    files,
    terraformVersion: readOptional(root, TERRAFORM_VERSION_FILE),
    deployDoc: readOptional(root, DEPLOY_DOC),
  };
}

/**
 * Parses every `*.yml` / `*.yaml` under `.github/workflows`, sorted by path.
 *
 * @example
 * loadWorkflows('/work/main').map((r) => r.kind); // ['ok', 'ok', 'ok']
 */
export function loadWorkflows(root: string): WorkflowParseResult[] {
  const dir = join(root, WORKFLOWS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const path = `${WORKFLOWS_DIR}/${f}`;
      return parseWorkflow(path, readFileSync(join(root, path), 'utf8'));
    });
}
