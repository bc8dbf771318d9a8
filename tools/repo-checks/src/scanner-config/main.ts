/**
 * CLI: writes (or checks) the scanners' suppression files at the repository root from the infra
 * constructs' risk acceptances.
 *
 *   tsx tools/repo-checks/src/scanner-config/main.ts          # write .checkov.yaml and .trivyignore.yaml
 *   tsx tools/repo-checks/src/scanner-config/main.ts --check  # exit 1 when a committed file is stale
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collectAcceptances } from './collect-acceptances';
import { renderScannerConfigs } from './scanner-config';

const ROOT = resolve(__dirname, '../../../..');

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument(s): ${unknown.join(' ')}\nUsage: scanner-config [--check]`);
    return 2;
  }
  const files = renderScannerConfigs(await collectAcceptances());
  let stale = 0;
  for (const [file, text] of Object.entries(files)) {
    const path = join(ROOT, file);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === text) continue;
    if (check) {
      console.error(`${file} is out of date: run \`npx nx run repo-checks:scanner-config\``);
      stale++;
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${file}`);
    }
  }
  return stale > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
