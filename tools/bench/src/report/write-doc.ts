import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { demoteHeadings, replaceGeneratedBlock } from './generated-block';

/** Writes the report into the generated block of `path`, formatted with the repository's Prettier config. */
export async function updateDoc(path: string, report: string): Promise<void> {
  const updated = replaceGeneratedBlock(readFileSync(path, 'utf-8'), demoteHeadings(report));
  const config = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(updated, { ...config, filepath: path }));
}
