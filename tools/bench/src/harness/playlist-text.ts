/** One live media playlist version, as ffmpeg's HLS muxer writes it (`-hls_flags program_date_time`). */
export interface LivePlaylistSpec {
  /** Segment file name prefix, unique per playlist so every version of every key has its own ETag. */
  name: string;
  targetDurationS: number;
  mediaSequence: number;
  segments: number;
  /** Wall time of the first segment in the window (EXT-X-PROGRAM-DATE-TIME). */
  firstSegmentMs: number;
  endList?: boolean;
}

/**
 * The text of a sliding-window live playlist: header, then `segments` segments of exactly
 * TARGETDURATION each with a PROGRAM-DATE-TIME, no ENDLIST unless asked. ≈ 80 bytes per segment.
 *
 * @example
 * livePlaylistText({ name: 'ch01_720p', targetDurationS: 2, mediaSequence: 7, segments: 6, firstSegmentMs: 0 });
 */
export function livePlaylistText(spec: LivePlaylistSpec): string {
  const duration = spec.targetDurationS.toFixed(6);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${spec.targetDurationS}`,
    `#EXT-X-MEDIA-SEQUENCE:${spec.mediaSequence}`,
  ];
  for (let i = 0; i < spec.segments; i += 1) {
    const at = new Date(spec.firstSegmentMs + i * spec.targetDurationS * 1000).toISOString();
    lines.push(
      `#EXT-X-PROGRAM-DATE-TIME:${at}`,
      `#EXTINF:${duration},`,
      `${spec.name}_${spec.mediaSequence + i}.ts`,
    );
  }
  if (spec.endList) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
