import { PassThrough } from 'node:stream';
import { startTerminalUi } from './terminal-ui';

/** A stream that says it is (or is not) a terminal; raw mode is recorded. */
function fakeStream(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & {
    isTTY: boolean;
    rawMode: boolean;
    setRawMode: (on: boolean) => void;
  };
  stream.isTTY = isTTY;
  stream.rawMode = false;
  stream.setRawMode = (on) => {
    stream.rawMode = on;
  };
  return stream;
}

describe('terminal keys', () => {
  it('work when stdin is a terminal and stdout is piped', async () => {
    const stdin = fakeStream(true);
    const stdout = fakeStream(false);
    let written = '';
    stdout.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const keys: string[] = [];
    const ui = startTerminalUi({
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      table: () => ['table'],
      onKey: (key) => keys.push(key),
    });
    expect(stdin.rawMode).toBe(true);
    stdin.write('a');
    await new Promise((resolve) => setImmediate(resolve));
    ui.log('a plain line');
    ui.stop();
    expect(keys).toEqual(['a']);
    expect(stdin.rawMode).toBe(false);
    // Piped stdout: plain lines, no redrawn table and no escape sequences.
    expect(written).toBe('a plain line\n');
  });

  it('are off when stdin is not a terminal', () => {
    const stdin = fakeStream(false);
    const ui = startTerminalUi({
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: fakeStream(false) as unknown as NodeJS.WriteStream,
      table: () => [],
      onKey: () => {},
    });
    expect(stdin.rawMode).toBe(false);
    expect(stdin.listenerCount('keypress')).toBe(0);
    ui.stop();
  });
});
