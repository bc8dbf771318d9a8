import { emitKeypressEvents } from 'node:readline';

export interface TerminalUi {
  /** One log line: above the live table on a TTY, a plain line otherwise. */
  log(line: string): void;
  stop(): void;
}

export interface TerminalUiOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** The live table's lines (redrawn in place every `refreshMs` on a TTY). */
  table: () => string[];
  onKey: (key: string) => void;
  refreshMs?: number;
}

const ESC = '\u001b[';

/**
 * The lab in a terminal. When stdout is a TTY: a live table redrawn in place under the scrolling log
 * lines; otherwise plain log lines, so output piped to a file or CI stays readable. Single-key controls
 * work whenever stdin is a TTY (raw mode; Ctrl-C arrives as a key and quits), piped stdout or not.
 *
 * @example
 * const ui = startTerminalUi({ stdout: process.stdout, stdin: process.stdin, table, onKey });
 */
export function startTerminalUi(options: TerminalUiOptions): TerminalUi {
  const { stdout, stdin } = options;
  const stopKeys = listenToKeys(stdin, options.onKey);
  if (!stdout.isTTY) {
    let stopped = false;
    return {
      log: (line) => {
        stdout.write(`${line}\n`);
      },
      stop: () => {
        if (stopped) return;
        stopped = true;
        stopKeys();
      },
    };
  }
  let drawnLines = 0;
  const clear = () => {
    if (drawnLines > 0) stdout.write(`${ESC}${drawnLines}F${ESC}0J`);
    drawnLines = 0;
  };
  const draw = () => {
    const width = stdout.columns ?? 120;
    const lines = options.table().map((line) => line.slice(0, width - 1));
    stdout.write(`${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };
  const redraw = () => {
    clear();
    draw();
  };
  stdout.write(`${ESC}?25l`);
  draw();
  const timer = setInterval(redraw, options.refreshMs ?? 500);
  let stopped = false;
  return {
    log(line) {
      if (stopped) {
        stdout.write(`${line}\n`);
        return;
      }
      clear();
      stdout.write(`${line}\n`);
      draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      redraw();
      stdout.write(`${ESC}?25h`);
      stopKeys();
    },
  };
}

/** Whether single-key controls work: they need a terminal on stdin (stdout may be piped). */
export function keysAvailable(stdin: { isTTY?: boolean }): boolean {
  return Boolean(stdin.isTTY);
}

/** Single-key controls in raw mode while stdin is a terminal (Ctrl-C arrives as a key and quits). */
function listenToKeys(stdin: NodeJS.ReadStream, onKey: (key: string) => void): () => void {
  if (!keysAvailable(stdin)) return () => {};
  const onKeypress = (text: string | undefined, key: { name?: string; ctrl?: boolean } = {}) => {
    if (key.ctrl && (key.name === 'c' || key.name === 'd')) return onKey('quit');
    const pressed = text ?? key.name;
    if (pressed) onKey(pressed);
  };
  emitKeypressEvents(stdin);
  stdin.setRawMode(true);
  stdin.on('keypress', onKeypress);
  stdin.resume();
  return () => {
    stdin.off('keypress', onKeypress);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
