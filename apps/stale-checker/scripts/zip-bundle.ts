/**
 * Packs the esbuild output folder into the deployable Lambda zip. Entries are sorted and carry a fixed
 * mtime so the same bundle always gives the same zip (and Terraform's source_code_hash stays put).
 *
 * Usage: tsx apps/stale-checker/scripts/zip-bundle.ts <bundle-dir> <zip-path>
 */
import { createWriteStream, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ZipFile } from 'yazl';

const FIXED_MTIME = new Date('2020-01-01T00:00:00Z');

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    })
    .sort();
}

async function main(): Promise<void> {
  const [bundleDir, zipPath] = process.argv.slice(2);
  if (!bundleDir || !zipPath) {
    console.error('usage: zip-bundle <bundle-dir> <zip-path>');
    process.exit(2);
  }
  // A metafile or source map has no business in the deployed function (docs/facts.md: do not ship the metafile).
  const files = listFiles(bundleDir).filter((f) => !/\.(map|json)$/.test(f));
  if (!files.some((f) => relative(bundleDir, f) === 'index.js')) {
    throw new Error(`${bundleDir}/index.js not found: run the bundle target first`);
  }
  mkdirSync(dirname(zipPath), { recursive: true });
  const zip = new ZipFile();
  for (const file of files) {
    zip.addBuffer(readFileSync(file), relative(bundleDir, file), {
      mtime: FIXED_MTIME,
      mode: 0o100644,
    });
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject);
  });
  const sizes = files.map((f) => `${relative(bundleDir, f)} ${statSync(f).size} B`).join(', ');
  console.log(`wrote ${zipPath} (${statSync(zipPath).size} B): ${sizes}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
