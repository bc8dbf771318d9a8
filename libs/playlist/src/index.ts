export type {
  DecideInput,
  InvalidPlaylist,
  MasterPlaylistFacts,
  MediaPlaylistFacts,
  NotApplicableReason,
  ParsedPlaylist,
  ServerControl,
  StalenessPolicy,
  Verdict,
} from './types';
export { PlaylistType } from './types';
export { parsePlaylist } from './parse-playlist';
export {
  PLAYLIST_HEAD_BYTES,
  PLAYLIST_HEAD_RANGE,
  PLAYLIST_TAIL_BYTES,
  PLAYLIST_TAIL_RANGE,
  playlistTailRange,
  readPlaylistFacts,
  type PlaylistHeadTail,
} from './read-playlist-facts';
export { boundedReadCost, headTailOf } from './bounded-read';
export { DecideInputError, decide, stalenessDeadline } from './is-stale';
export { DEFAULT_STALENESS_POLICY, StalenessPolicyError, validatePolicy } from './stale-policy';
export { isPlaylistKey } from './playlist-key';
