import { InMemoryPlaylistRegistry } from './in-memory-playlist-registry';
import { describeRegistryContract } from './playlist-registry.contract';

describeRegistryContract('InMemoryPlaylistRegistry', () => new InMemoryPlaylistRegistry());
