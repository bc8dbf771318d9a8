import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InfraConfigError, parseInfraConfig, type InfraConfig } from './infra-config';

/** Environment variable naming a JSON file that replaces `infra/config/default.json`. */
export const INFRA_CONFIG_ENV = 'HSG_INFRA_CONFIG';

/** The committed default configuration, relative to this file. */
export const DEFAULT_CONFIG_PATH = resolve(__dirname, '../../config/default.json');

/**
 * Reads and validates the stack configuration: the file named by `HSG_INFRA_CONFIG` (relative to the
 * working directory), else `infra/config/default.json`. Fields the file leaves out take their defaults.
 *
 * @throws {InfraConfigError} when the file cannot be read, is not JSON, or is invalid.
 * @example
 * const config = loadInfraConfig(process.env);
 */
export function loadInfraConfig(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): InfraConfig {
  const override = env[INFRA_CONFIG_ENV];
  const path = override ? resolve(override) : DEFAULT_CONFIG_PATH;
  const source = override ? `${INFRA_CONFIG_ENV}=${override}` : 'infra/config/default.json';
  let text: string;
  try {
    text = readFile(path);
  } catch (cause) {
    throw new InfraConfigError(source, [`cannot read ${path}`], { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new InfraConfigError(source, [`not valid JSON: ${(cause as Error).message}`], { cause });
  }
  return parseInfraConfig(raw, source);
}
