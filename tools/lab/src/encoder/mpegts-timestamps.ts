/**
 * Shifts the timestamps of an MPEG-TS segment (ISO/IEC 13818-1) by a fixed number of 90 kHz ticks: every
 * PES header's PTS and DTS and every adaptation field's PCR. The synthetic encoder uses it to play a
 * 12 s loop forever with continuous timestamps (no `#EXT-X-DISCONTINUITY`): loop k is shifted by k × 12 s.
 * Pure; never throws: a packet without the sync byte is copied unchanged.
 */

export const MPEG_TS_PACKET_BYTES = 188;
export const MPEG_TS_SYNC_BYTE = 0x47;
/** PTS, DTS and the PCR base count a 90 kHz clock. */
export const MPEG_TS_CLOCK_HZ = 90_000;
/** PTS/DTS/PCR base are 33-bit counters: they wrap after ≈ 26.5 h. */
export const TIMESTAMP_MODULO = 2 ** 33;

const PCR_FLAG = 0x10;
const PTS_ONLY = 0b10;
const PTS_AND_DTS = 0b11;

/** Reads a 33-bit PTS/DTS from its 5-byte PES encoding. */
export function readPesTimestamp(bytes: Uint8Array, at: number): number {
  const b = (i: number) => bytes[at + i] ?? 0;
  return (
    ((b(0) >> 1) & 0x07) * 2 ** 30 +
    b(1) * 2 ** 22 +
    (b(2) >> 1) * 2 ** 15 +
    b(3) * 2 ** 7 +
    (b(4) >> 1)
  );
}

/** Writes a 33-bit PTS/DTS, keeping the 4-bit prefix and the marker bits already there. */
export function writePesTimestamp(bytes: Uint8Array, at: number, value: number): void {
  const ts = ((value % TIMESTAMP_MODULO) + TIMESTAMP_MODULO) % TIMESTAMP_MODULO;
  const high = Math.floor(ts / 2 ** 30);
  const low = ts % 2 ** 30;
  bytes[at] = ((bytes[at] ?? 0) & 0xf1) | (high << 1);
  bytes[at + 1] = (low >>> 22) & 0xff;
  bytes[at + 2] = (((low >>> 15) & 0x7f) << 1) | 0x01;
  bytes[at + 3] = (low >>> 7) & 0xff;
  bytes[at + 4] = ((low & 0x7f) << 1) | 0x01;
}

/** Reads the 33-bit PCR base (the 27 MHz extension is left alone: a shift by whole ticks keeps it). */
export function readPcrBase(bytes: Uint8Array, at: number): number {
  const b = (i: number) => bytes[at + i] ?? 0;
  return b(0) * 2 ** 25 + b(1) * 2 ** 17 + b(2) * 2 ** 9 + b(3) * 2 + (b(4) >> 7);
}

export function writePcrBase(bytes: Uint8Array, at: number, value: number): void {
  const base = ((value % TIMESTAMP_MODULO) + TIMESTAMP_MODULO) % TIMESTAMP_MODULO;
  bytes[at] = Math.floor(base / 2 ** 25) & 0xff;
  bytes[at + 1] = Math.floor(base / 2 ** 17) & 0xff;
  bytes[at + 2] = Math.floor(base / 2 ** 9) & 0xff;
  bytes[at + 3] = Math.floor(base / 2) & 0xff;
  bytes[at + 4] = ((base % 2) << 7) | ((bytes[at + 4] ?? 0) & 0x7f);
}

/** PES stream ids that carry the optional PES header with PTS/DTS (audio, video, private stream 1). */
function hasPesHeader(streamId: number): boolean {
  return streamId === 0xbd || (streamId >= 0xc0 && streamId <= 0xef);
}

/**
 * A copy of `segment` with every PTS, DTS and PCR moved by `offsetTicks` (modulo 2^33).
 *
 * @example
 * const loop2 = shiftTimestamps(fixture, 2 * 12 * MPEG_TS_CLOCK_HZ);
 */
export function shiftTimestamps(segment: Uint8Array, offsetTicks: number): Buffer {
  const out = Buffer.from(segment);
  if (offsetTicks % TIMESTAMP_MODULO === 0) return out;
  for (let p = 0; p + MPEG_TS_PACKET_BYTES <= out.length; p += MPEG_TS_PACKET_BYTES) {
    if (out[p] !== MPEG_TS_SYNC_BYTE) continue;
    const header1 = out[p + 1] ?? 0;
    const payloadUnitStart = (header1 & 0x40) !== 0;
    const adaptationControl = ((out[p + 3] ?? 0) >> 4) & 0x03;
    let payload = p + 4;
    if (adaptationControl & 0b10) {
      const length = out[p + 4] ?? 0;
      if (length > 0 && ((out[p + 5] ?? 0) & PCR_FLAG) !== 0 && length >= 7) {
        writePcrBase(out, p + 6, readPcrBase(out, p + 6) + offsetTicks);
      }
      payload = p + 5 + length;
    }
    if (!(adaptationControl & 0b01) || !payloadUnitStart) continue;
    if (payload + 19 > p + MPEG_TS_PACKET_BYTES) continue;
    const isPesStart = out[payload] === 0 && out[payload + 1] === 0 && out[payload + 2] === 1;
    if (!isPesStart || !hasPesHeader(out[payload + 3] ?? 0)) continue;
    const flags = ((out[payload + 7] ?? 0) >> 6) & 0b11;
    if (flags === PTS_ONLY || flags === PTS_AND_DTS) {
      writePesTimestamp(out, payload + 9, readPesTimestamp(out, payload + 9) + offsetTicks);
    }
    if (flags === PTS_AND_DTS) {
      writePesTimestamp(out, payload + 14, readPesTimestamp(out, payload + 14) + offsetTicks);
    }
  }
  return out;
}

/** The first PTS found in a segment (for tests and diagnostics), or undefined. */
export function firstPts(segment: Uint8Array): number | undefined {
  for (let p = 0; p + MPEG_TS_PACKET_BYTES <= segment.length; p += MPEG_TS_PACKET_BYTES) {
    if (segment[p] !== MPEG_TS_SYNC_BYTE || ((segment[p + 1] ?? 0) & 0x40) === 0) continue;
    const adaptationControl = ((segment[p + 3] ?? 0) >> 4) & 0x03;
    const payload = adaptationControl & 0b10 ? p + 5 + (segment[p + 4] ?? 0) : p + 4;
    if (!(adaptationControl & 0b01) || payload + 14 > p + MPEG_TS_PACKET_BYTES) continue;
    if (segment[payload] !== 0 || segment[payload + 1] !== 0 || segment[payload + 2] !== 1)
      continue;
    if (!hasPesHeader(segment[payload + 3] ?? 0)) continue;
    if ((((segment[payload + 7] ?? 0) >> 6) & 0b10) === 0) continue;
    return readPesTimestamp(segment, payload + 9);
  }
  return undefined;
}
