/**
 * Finds the workspace commands a shell script runs (a workflow step's `run:` or a root npm script), so the
 * checker can prove each one exists: npm scripts, Nx targets and TypeScript entry points run with tsx.
 * Everything else (terraform, echo, cat…) is ignored. The parser is deliberately small: it understands
 * `&&`, `||`, `;`, `|`, line continuations, comments and quotes, not the whole of bash.
 */

/** One workspace command found in a script. */
export type CommandRef =
  | { kind: 'npm-script'; name: string; text: string }
  | {
      kind: 'nx';
      /** `run` (`nx run p:t`, `nx p:t`, `nx t p`), `run-many` or `affected`. */
      form: 'run' | 'run-many' | 'affected';
      targets: string[];
      /** Projects named on the command line; empty means "all projects" for run-many/affected. */
      projects: string[];
      text: string;
    }
  | { kind: 'file'; runner: 'tsx' | 'node'; file: string; text: string };

/** Nx sub-commands that run no target (so `nx show projects` is not read as target `show`). */
const NX_COMMANDS_WITHOUT_TARGETS = new Set([
  'add',
  'connect',
  'daemon',
  'exec',
  'format:check',
  'format:write',
  'g',
  'generate',
  'graph',
  'init',
  'list',
  'migrate',
  'release',
  'repair',
  'report',
  'reset',
  'show',
  'sync',
  'sync:check',
  'view-logs',
  'watch',
]);

/** npm commands that are shorthands for a script of the same name. */
const NPM_SCRIPT_SHORTHANDS: Record<string, string> = {
  test: 'test',
  t: 'test',
  tst: 'test',
  start: 'start',
  stop: 'stop',
  restart: 'restart',
};

/**
 * Splits a shell script into simple commands, each a list of words.
 *
 * @example
 * splitSimpleCommands('npm ci && npx nx run a:b \\\n  --x # note') // [['npm','ci'],['npx','nx','run','a:b','--x']]
 */
export function splitSimpleCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  const text = script.replace(/\\\r?\n/g, ' ');

  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      endCommand();
      continue;
    }
    if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      endCommand();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      continue;
    }
    word += c;
    inWord = true;
  }
  endCommand();
  return commands;
}

/** Drops leading `VAR=value` assignments and shell keywords that precede a command. */
function commandWords(words: string[]): string[] {
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] as string)) i++;
  while (
    i < words.length &&
    ['then', 'do', 'else', 'exec', 'time', '!'].includes(words[i] as string)
  )
    i++;
  return words.slice(i);
}

/** Strips `npx`, `npx --no-install`, `npm exec --`: what remains starts with the binary. */
function unwrapRunner(words: string[]): string[] {
  const [first, ...rest] = words;
  if (first === 'npx') {
    const i = rest.findIndex((w) => !w.startsWith('-'));
    return i === -1 ? [] : rest.slice(i);
  }
  if (first === 'npm' && (rest[0] === 'exec' || rest[0] === 'x')) {
    const after = rest.slice(1).filter((w) => w !== '--');
    const i = after.findIndex((w) => !w.startsWith('-'));
    return i === -1 ? [] : after.slice(i);
  }
  return words;
}

/** Reads the values of a flag that takes a list: `-t a b`, `--targets=a,b`, `-t a,b`. */
function flagValues(args: string[], names: string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!names.includes(name)) continue;
    if (eq !== -1) {
      values.push(...arg.slice(eq + 1).split(','));
      continue;
    }
    for (let j = i + 1; j < args.length && !(args[j] as string).startsWith('-'); j++) {
      values.push(...(args[j] as string).split(','));
    }
  }
  return values.filter((v) => v.length > 0);
}

function parseNx(args: string[], text: string): CommandRef | null {
  const [sub, ...rest] = args;
  if (sub === undefined || sub.startsWith('-') || NX_COMMANDS_WITHOUT_TARGETS.has(sub)) return null;
  if (sub === 'run-many' || sub === 'affected') {
    return {
      kind: 'nx',
      form: sub,
      targets: flagValues(rest, ['-t', '--target', '--targets']),
      projects: flagValues(rest, ['-p', '--projects']),
      text,
    };
  }
  if (sub === 'run') {
    const spec = rest.find((w) => !w.startsWith('-')) ?? '';
    const [project = '', target = ''] = spec.split(':');
    return { kind: 'nx', form: 'run', targets: [target], projects: [project], text };
  }
  if (sub.includes(':')) {
    const [project = '', target = ''] = sub.split(':');
    return { kind: 'nx', form: 'run', targets: [target], projects: [project], text };
  }
  // `nx <target> <project>` shorthand; without a project Nx uses the project in the cwd.
  const project = rest.find((w) => !w.startsWith('-')) ?? '';
  return { kind: 'nx', form: 'run', targets: [sub], projects: [project], text };
}

/**
 * Lists the npm scripts, Nx targets and tsx/node entry files a shell script runs.
 *
 * @example
 * extractCommands('npm ci\nnpx nx affected -t lint test\nnpm run canary -- --domain x')
 * // [{ kind: 'nx', form: 'affected', targets: ['lint','test'], projects: [], … },
 * //  { kind: 'npm-script', name: 'canary', … }]
 */
export function extractCommands(script: string): CommandRef[] {
  const refs: CommandRef[] = [];
  for (const raw of splitSimpleCommands(script)) {
    const words = commandWords(raw);
    const text = words.join(' ');
    const [first, second, third] = words;
    if (first === 'npm' && (second === 'run' || second === 'run-script')) {
      if (third !== undefined && !third.startsWith('-'))
        refs.push({ kind: 'npm-script', name: third, text });
      continue;
    }
    if (first === 'npm' && second !== undefined && NPM_SCRIPT_SHORTHANDS[second] !== undefined) {
      refs.push({ kind: 'npm-script', name: NPM_SCRIPT_SHORTHANDS[second] as string, text });
      continue;
    }
    const [bin, ...args] = unwrapRunner(words);
    if (bin === 'nx') {
      const ref = parseNx(args, text);
      if (ref) refs.push(ref);
    } else if (bin === 'tsx' || bin === 'node') {
      const file = args.find((w) => !w.startsWith('-'));
      if (file !== undefined && /\.(c|m)?(t|j)s$/.test(file))
        refs.push({ kind: 'file', runner: bin, file, text });
    }
  }
  return refs;
}
