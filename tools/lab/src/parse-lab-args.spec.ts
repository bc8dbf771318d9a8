import { LAB_DEFAULTS } from './lab-options';
import { LAB_USAGE, parseLabArgs } from './parse-lab-args';

describe('parseLabArgs', () => {
  it('runs with the embedded defaults: port 8787 with an ephemeral fallback, 2 pipelines, checker on', () => {
    expect(parseLabArgs([])).toEqual({
      kind: 'run',
      run: {
        options: LAB_DEFAULTS,
        scenario: undefined,
        player: 'none',
        outDir: undefined,
        verbose: false,
      },
    });
    expect(LAB_DEFAULTS).toMatchObject({
      port: 8787,
      portFallback: true,
      pipelines: 2,
      checker: true,
      topology: 'origin-group',
    });
    expect(LAB_DEFAULTS.allStalePolicy).toBeUndefined();
  });

  it('reads the topology and the checker’s ALL_STALE_POLICY', () => {
    expect(
      parseLabArgs(['--topology', 'redundant-manifests', '--all-stale-policy', 'keep-last']),
    ).toMatchObject({
      run: { options: { topology: 'redundant-manifests', allStalePolicy: 'keep-last' } },
    });
    expect(parseLabArgs(['--topology', 'mesh', '--all-stale-policy', 'maybe'])).toEqual({
      kind: 'usage-error',
      problems: [
        '--topology must be one of origin-group, redundant-manifests (got "mesh")',
        '--all-stale-policy must be one of delete, keep-last (got "maybe")',
      ],
    });
  });

  it('a scenario fixes its topology', () => {
    expect(parseLabArgs(['--scenario', 'crash-restore-crash-redundant'])).toMatchObject({
      run: { options: { topology: 'redundant-manifests' } },
    });
    expect(
      parseLabArgs(['--scenario', 'crash-restore-crash', '--topology', 'redundant-manifests']),
    ).toEqual({
      kind: 'usage-error',
      problems: ['--scenario crash-restore-crash runs with --topology origin-group'],
    });
  });

  it('--help says where Chromium is looked for and that CHROMIUM_PATH overrides it', () => {
    expect(LAB_USAGE).toContain('hls.js in /usr/bin/chromium;');
    expect(LAB_USAGE).toContain('CHROMIUM_PATH=<executable> overrides it');
  });

  it('--help documents both topologies and every scenario', () => {
    expect(LAB_USAGE).toContain('origin-group: one URL per rendition');
    expect(LAB_USAGE).toContain('redundant-manifests: every rendition once per pipeline');
    for (const name of ['crash-restore-crash', 'crash-restore-crash-redundant', 'channel-down']) {
      expect(LAB_USAGE).toContain(`  ${name} `);
    }
  });

  it('reads every flag', () => {
    const parsed = parseLabArgs([
      ...['--port', '9000', '--pipelines', '1', '--target-duration', '4', '--multiple', '2'],
      ...['--encoder', 'ffmpeg', '--no-checker', '--verbose'],
    ]);
    expect(parsed).toEqual({
      kind: 'run',
      run: {
        options: {
          ...LAB_DEFAULTS,
          port: 9000,
          portFallback: false,
          pipelines: 1,
          targetDurationS: 4,
          multiple: 2,
          encoder: 'ffmpeg',
          checker: false,
        },
        scenario: undefined,
        player: 'none',
        outDir: undefined,
        verbose: true,
      },
    });
  });

  it('an explicit port is used as is (no fallback); --port 0 is ephemeral', () => {
    expect(parseLabArgs(['--port', '0'])).toMatchObject({
      run: { options: { port: 0, portFallback: false } },
    });
  });

  it('a scenario uses an ephemeral port and fixes its pipelines and checker', () => {
    expect(
      parseLabArgs(['--scenario', 'stale-freeze', '--player', 'chromium', '--out', 'tmp/x']),
    ).toMatchObject({
      kind: 'run',
      run: {
        scenario: 'stale-freeze',
        player: 'chromium',
        outDir: 'tmp/x',
        options: { port: 0, pipelines: 2, checker: false },
      },
    });
    expect(parseLabArgs(['--scenario', 'crash-rendition'])).toMatchObject({
      run: { options: { pipelines: 1, checker: true } },
    });
  });

  it('reports every bad value at once, naming the flag and the allowed values', () => {
    const parsed = parseLabArgs([
      ...['--port', '70000', '--pipelines', '3', '--target-duration', '2.5', '--multiple', '0.5'],
      ...['--encoder', 'gstreamer', '--scenario', 'nope'],
    ]);
    expect(parsed.kind).toBe('usage-error');
    const problems = parsed.kind === 'usage-error' ? parsed.problems.join('\n') : '';
    expect(problems).toContain('--port must be a whole number from 0 to 65535 (got "70000")');
    expect(problems).toContain('--pipelines must be one of 1, 2 (got "3")');
    expect(problems).toContain('--target-duration must be a whole number from 1 to 10 (got "2.5")');
    expect(problems).toContain('--multiple must be a number >= 1 (got "0.5")');
    expect(problems).toContain('--encoder must be one of synthetic, ffmpeg (got "gstreamer")');
    expect(problems).toContain(
      '--scenario must be one of crash-pipeline, end-stream, crash-rendition, stale-freeze',
    );
  });

  it('the synthetic encoder needs a target duration of at least its 2 s segments', () => {
    expect(parseLabArgs(['--target-duration', '1'])).toMatchObject({
      kind: 'usage-error',
      problems: [expect.stringContaining('--encoder ffmpeg')],
    });
    expect(parseLabArgs(['--target-duration', '1', '--encoder', 'ffmpeg']).kind).toBe('run');
  });

  it('refuses flags that contradict the scenario or need one', () => {
    expect(parseLabArgs(['--scenario', 'crash-rendition', '--pipelines', '2'])).toMatchObject({
      kind: 'usage-error',
      problems: ['--scenario crash-rendition runs with --pipelines 1'],
    });
    expect(parseLabArgs(['--scenario', 'crash-pipeline', '--no-checker'])).toMatchObject({
      kind: 'usage-error',
      problems: [expect.stringContaining('needs the checker')],
    });
    expect(parseLabArgs(['--player', 'chromium'])).toMatchObject({
      kind: 'usage-error',
      problems: ['--player and --out go with --scenario'],
    });
  });

  it('refuses unknown flags and positionals (strict parseArgs)', () => {
    expect(parseLabArgs(['--colour'])).toMatchObject({ kind: 'usage-error' });
    expect(parseLabArgs(['start'])).toMatchObject({ kind: 'usage-error' });
  });

  it('--help and -h show the usage, which has examples and every scenario', () => {
    expect(parseLabArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseLabArgs(['-h', '--port', 'x'])).toEqual({ kind: 'help' });
    expect(LAB_USAGE).toContain('Examples:');
    for (const name of ['crash-pipeline', 'end-stream', 'crash-rendition', 'stale-freeze']) {
      expect(LAB_USAGE).toContain(name);
    }
  });
});
