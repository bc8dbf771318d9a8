import {
  parseAttributeList,
  parseDateTimeMs,
  parseDecimalInteger,
  parseDecimalSecondsToMs,
} from './hls-values';
import { quoteLine, type LineEvidence, type SingleUseTag } from './scan-lines';
import {
  PlaylistType,
  type InvalidPlaylist,
  type MediaPlaylistFacts,
  type ParsedPlaylist,
  type ServerControl,
} from './types';

/** How much of the playlist the evidence comes from. */
export type EvidenceScope =
  | { kind: 'full' }
  | {
      kind: 'head-tail';
      /** Size of the head window in bytes, for the reasons. */
      headBytes: number;
    };

export function invalid(reason: string): InvalidPlaylist {
  return { kind: 'invalid', reason };
}

/** The text after the first `:` of a tag line, or `undefined` for a tag without a value. */
function tagValue(line: string): string | undefined {
  const colon = line.indexOf(':');
  return colon === -1 ? undefined : line.slice(colon + 1);
}

/**
 * Judges the evidence of the line scanner: the one place that decides whether a text is a master, a media
 * playlist or invalid, and reads the values of the tags. Anything it does not fully understand is
 * `invalid` (kept, never deleted).
 */
export function toParsedPlaylist(
  firstLine: string,
  evidence: LineEvidence,
  scope: EvidenceScope,
): ParsedPlaylist {
  // RFC 8216 §4.3.1.1: EXTM3U "MUST be the first line of every Media Playlist and every Master Playlist".
  if (firstLine !== '#EXTM3U') {
    return invalid(`first line is not #EXTM3U (RFC 8216 §4.3.1.1): ${quoteLine(firstLine)}`);
  }
  if (evidence.conflict) {
    const { first, second } = evidence.conflict;
    return invalid(
      `a Media Playlist tag appears twice with different values (RFC 8216 §4.3.3): ${quoteLine(first)} and ${quoteLine(second)}`,
    );
  }
  // RFC 8216 §4.3.4: clients MUST fail to parse a playlist with both Master and Media (Segment) tags.
  if (evidence.firstMasterLine !== undefined && evidence.firstMediaLine !== undefined) {
    return invalid(
      `both Master Playlist and Media Playlist tags (RFC 8216 §4.3.4): ${quoteLine(evidence.firstMasterLine)} and ${quoteLine(evidence.firstMediaLine)}`,
    );
  }
  if (evidence.firstMasterLine !== undefined) {
    return { kind: 'master', variantCount: evidence.variantCount };
  }
  return toMediaPlaylist(evidence, scope);
}

function toMediaPlaylist(evidence: LineEvidence, scope: EvidenceScope): ParsedPlaylist {
  const line = (tag: SingleUseTag): string | undefined => evidence.single[tag];

  // RFC 8216 §4.3.3.1: EXT-X-TARGETDURATION is REQUIRED; its value is a decimal-integer of seconds.
  const targetDurationLine = line('EXT-X-TARGETDURATION');
  if (targetDurationLine === undefined) {
    return invalid(
      scope.kind === 'full'
        ? 'EXT-X-TARGETDURATION missing (RFC 8216 §4.3.3.1: REQUIRED in a Media Playlist)'
        : `EXT-X-TARGETDURATION not found in the first ${scope.headBytes} bytes`,
    );
  }
  const targetDurationS = parseDecimalInteger(tagValue(targetDurationLine) ?? '');
  if (targetDurationS === undefined || targetDurationS === 0) {
    return invalid(
      `EXT-X-TARGETDURATION is not a positive decimal-integer (RFC 8216 §4.3.3.1): ${quoteLine(targetDurationLine)}`,
    );
  }

  // RFC 8216 §4.3.3.5: EVENT or VOD; absent means a live playlist that may change in any way.
  let playlistType: PlaylistType = PlaylistType.Live;
  const playlistTypeLine = line('EXT-X-PLAYLIST-TYPE');
  if (playlistTypeLine !== undefined) {
    const value = tagValue(playlistTypeLine);
    if (value === 'EVENT') playlistType = PlaylistType.Event;
    else if (value === 'VOD') playlistType = PlaylistType.Vod;
    else {
      return invalid(
        `EXT-X-PLAYLIST-TYPE is neither EVENT nor VOD (RFC 8216 §4.3.3.5): ${quoteLine(playlistTypeLine)}`,
      );
    }
  }

  // rfc8216bis §4.4.3.7: PART-TARGET is REQUIRED, a decimal-floating-point of seconds.
  let partTargetMs: number | undefined;
  const partInfLine = line('EXT-X-PART-INF');
  if (partInfLine !== undefined) {
    const partTarget = parseAttributeList(tagValue(partInfLine) ?? '')?.get('PART-TARGET');
    partTargetMs =
      partTarget && !partTarget.quoted ? parseDecimalSecondsToMs(partTarget.value) : undefined;
    if (partTargetMs === undefined || partTargetMs === 0) {
      return invalid(
        `EXT-X-PART-INF has no positive PART-TARGET (rfc8216bis §4.4.3.7): ${quoteLine(partInfLine)}`,
      );
    }
  }

  const sequences: Record<'mediaSequence' | 'discontinuitySequence', number> = {
    mediaSequence: 0,
    discontinuitySequence: 0,
  };
  for (const [field, tag] of [
    ['mediaSequence', 'EXT-X-MEDIA-SEQUENCE'],
    ['discontinuitySequence', 'EXT-X-DISCONTINUITY-SEQUENCE'],
  ] as const) {
    const tagLine = line(tag);
    if (tagLine === undefined) continue; // RFC 8216 §4.3.3.2/§4.3.3.3: absent means 0.
    const value = parseDecimalInteger(tagValue(tagLine) ?? '');
    if (value === undefined) {
      return invalid(`${tag} is not a decimal-integer (RFC 8216 §4.3.3): ${quoteLine(tagLine)}`);
    }
    sequences[field] = value;
  }

  let serverControl: ServerControl | undefined;
  const serverControlLine = line('EXT-X-SERVER-CONTROL');
  if (serverControlLine !== undefined) {
    serverControl = parseServerControl(tagValue(serverControlLine) ?? '');
    if (serverControl === undefined) {
      return invalid(
        `EXT-X-SERVER-CONTROL is not a valid attribute-list (rfc8216bis §4.4.3.8): ${quoteLine(serverControlLine)}`,
      );
    }
  }

  // Bounded read: everything before the first segment must have been seen, or a header tag beyond the
  // window (EXT-X-PLAYLIST-TYPE:VOD, EXT-X-PART-INF) could change the verdict.
  if (scope.kind === 'head-tail' && !evidence.sawSegment) {
    return invalid(
      `no media segment in the first ${scope.headBytes} bytes: the header may continue beyond the bounded read`,
    );
  }

  const facts: MediaPlaylistFacts = {
    kind: 'media',
    playlistType,
    targetDurationMs: targetDurationS * 1000,
    mediaSequence: sequences.mediaSequence,
    discontinuitySequence: sequences.discontinuitySequence,
    hasEndList: evidence.hasEndList,
    iFramesOnly: evidence.iFramesOnly,
  };
  if (partTargetMs !== undefined) facts.partTargetMs = partTargetMs;
  if (scope.kind === 'full') facts.segmentCount = evidence.segmentCount;
  const lastProgramDateTimeMs =
    evidence.lastProgramDateTime === undefined
      ? undefined
      : parseDateTimeMs(evidence.lastProgramDateTime);
  if (lastProgramDateTimeMs !== undefined) facts.lastProgramDateTimeMs = lastProgramDateTimeMs;
  if (serverControl !== undefined) facts.serverControl = serverControl;
  return facts;
}

/** rfc8216bis §4.4.3.8. Unknown attributes are ignored (forward compatibility); bad known ones fail. */
function parseServerControl(text: string): ServerControl | undefined {
  const attributes = parseAttributeList(text);
  if (attributes === undefined) return undefined;
  const control: ServerControl = { canBlockReload: false, canSkipDateRanges: false };
  for (const [name, { value, quoted }] of attributes) {
    if (quoted) {
      if (SERVER_CONTROL_ATTRIBUTES.has(name)) return undefined;
      continue;
    }
    switch (name) {
      case 'CAN-BLOCK-RELOAD':
      case 'CAN-SKIP-DATERANGES': {
        if (value !== 'YES' && value !== 'NO') return undefined;
        if (name === 'CAN-BLOCK-RELOAD') control.canBlockReload = value === 'YES';
        else control.canSkipDateRanges = value === 'YES';
        break;
      }
      case 'CAN-SKIP-UNTIL':
      case 'HOLD-BACK':
      case 'PART-HOLD-BACK': {
        const ms = parseDecimalSecondsToMs(value);
        if (ms === undefined) return undefined;
        if (name === 'CAN-SKIP-UNTIL') control.canSkipUntilMs = ms;
        else if (name === 'HOLD-BACK') control.holdBackMs = ms;
        else control.partHoldBackMs = ms;
        break;
      }
    }
  }
  return control;
}

const SERVER_CONTROL_ATTRIBUTES: ReadonlySet<string> = new Set([
  'CAN-BLOCK-RELOAD',
  'CAN-SKIP-DATERANGES',
  'CAN-SKIP-UNTIL',
  'HOLD-BACK',
  'PART-HOLD-BACK',
]);
