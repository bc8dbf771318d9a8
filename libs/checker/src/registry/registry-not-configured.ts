import { RegistryError, type PlaylistRegistry } from './playlist-registry';

/**
 * The registry of a checker built by a tool that never records nor sweeps (the audit CLI): every call fails
 * with a `RegistryError` naming the tool, so a use that was not meant to happen is loud, never silent.
 *
 * @example createChecker({ ..., registry: registryNotConfigured('hls-stale-guard audit') })
 */
export function registryNotConfigured(tool: string): PlaylistRegistry {
  const fail = async (): Promise<never> => {
    throw new RegistryError(`${tool} has no playlist registry configured`);
  };
  return {
    record: fail,
    read: fail,
    recordRendition: fail,
    scan: fail,
    readCursor: fail,
    moveCursor: fail,
  };
}
