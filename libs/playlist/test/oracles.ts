/**
 * Independent, deliberately naive readings of playlist text, used as oracles by the property tests:
 * if any of them holds, the playlist must never be judged stale.
 */
export function reasonToKeep(
  lines: readonly string[],
  firstLine: string | undefined,
): string | undefined {
  const trimmed = lines.map((line) => line.trim());
  if (firstLine?.trim() !== '#EXTM3U') return 'first line is not #EXTM3U';
  if (trimmed.some((line) => line.startsWith('#EXT-X-ENDLIST'))) return 'ENDLIST';
  if (trimmed.includes('#EXT-X-PLAYLIST-TYPE:VOD')) return 'VOD';
  if (
    trimmed.some((line) => line === '#EXT-X-STREAM-INF' || line.startsWith('#EXT-X-STREAM-INF:'))
  ) {
    return 'STREAM-INF';
  }
  return undefined;
}

/** The oracle over a whole text. */
export function reasonToKeepText(text: string): string | undefined {
  const lines = text.split('\n');
  return reasonToKeep(lines, lines[0]);
}
