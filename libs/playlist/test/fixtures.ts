import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'src', '__fixtures__');

/** A fixture's bytes. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** A fixture decoded as UTF-8 the way the checker decodes S3 bodies (a BOM is kept). */
export function fixtureText(name: string): string {
  return fixtureBytes(name).toString('utf8');
}
