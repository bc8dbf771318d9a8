import { RegistryError } from './playlist-registry';
import { observation } from './playlist-registry.contract';
import { registryNotConfigured } from './registry-not-configured';

describe('registryNotConfigured', () => {
  it('fails every call with a RegistryError naming the tool', async () => {
    const registry = registryNotConfigured('hls-stale-guard audit');
    for (const call of [
      registry.record(observation()),
      registry.scan({ limit: 1 }),
      registry.readCursor(),
      registry.moveCursor(undefined, 'x', 0),
    ]) {
      await expect(call).rejects.toThrow(
        new RegistryError('hls-stale-guard audit has no playlist registry configured'),
      );
    }
  });
});
