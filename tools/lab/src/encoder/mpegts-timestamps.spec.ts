import { loadFixtures } from './fixture-manifest';
import {
  firstPts,
  MPEG_TS_CLOCK_HZ,
  MPEG_TS_PACKET_BYTES,
  readPcrBase,
  readPesTimestamp,
  shiftTimestamps,
  TIMESTAMP_MODULO,
  writePcrBase,
  writePesTimestamp,
} from './mpegts-timestamps';

/** One 188-byte packet: PES start on PID 0x100 with PTS+DTS, and a PCR in the adaptation field. */
function pesPacket(pts: number, dts: number, pcr: number): Buffer {
  const packet = Buffer.alloc(MPEG_TS_PACKET_BYTES, 0xff);
  packet[0] = 0x47;
  packet[1] = 0x41; // payload_unit_start_indicator + PID high bits (0x100)
  packet[2] = 0x00;
  packet[3] = 0x30; // adaptation field + payload
  packet[4] = 7; // adaptation field length: flags + 6 PCR bytes
  packet[5] = 0x10; // PCR flag
  packet.fill(0, 6, 12);
  writePcrBase(packet, 6, pcr);
  const pes = 12;
  packet.set([0x00, 0x00, 0x01, 0xe0, 0x00, 0x00, 0x80, 0xc0, 0x0a], pes);
  packet[pes + 9] = 0x31;
  packet[pes + 14] = 0x11;
  writePesTimestamp(packet, pes + 9, pts);
  writePesTimestamp(packet, pes + 14, dts);
  return packet;
}

describe('MPEG-TS timestamps (ISO/IEC 13818-1)', () => {
  it('reads back every 33-bit PTS it writes, keeping the prefix and marker bits', () => {
    const bytes = Buffer.from([0x31, 0, 0, 0, 0]);
    for (const value of [0, 1, 126_000, 2 ** 32 + 7, TIMESTAMP_MODULO - 1]) {
      writePesTimestamp(bytes, 0, value);
      expect(readPesTimestamp(bytes, 0)).toBe(value);
      expect(bytes[0]! & 0xf1).toBe(0x31);
      expect(bytes[2]! & 0x01).toBe(1);
      expect(bytes[4]! & 0x01).toBe(1);
    }
  });

  it('reads back every 33-bit PCR base it writes, keeping the reserved bits and the extension', () => {
    const bytes = Buffer.from([0, 0, 0, 0, 0x7e, 0x2a]);
    for (const value of [0, 1, 128_880, TIMESTAMP_MODULO - 1]) {
      writePcrBase(bytes, 0, value);
      expect(readPcrBase(bytes, 0)).toBe(value);
      expect(bytes[4]! & 0x7f).toBe(0x7e);
      expect(bytes[5]).toBe(0x2a);
    }
  });

  it('shifts PTS, DTS and PCR by the offset and leaves the input untouched', () => {
    const packet = pesPacket(126_000, 122_400, 120_000);
    const shifted = shiftTimestamps(packet, 1_080_000);
    expect(readPesTimestamp(shifted, 12 + 9)).toBe(1_206_000);
    expect(readPesTimestamp(shifted, 12 + 14)).toBe(1_202_400);
    expect(readPcrBase(shifted, 6)).toBe(1_200_000);
    expect(readPesTimestamp(packet, 12 + 9)).toBe(126_000);
  });

  it('wraps at 2^33 like the 33-bit counters do', () => {
    const shifted = shiftTimestamps(pesPacket(TIMESTAMP_MODULO - 10, TIMESTAMP_MODULO - 10, 0), 20);
    expect(readPesTimestamp(shifted, 12 + 9)).toBe(10);
  });

  it('copies packets without the sync byte, and payloads that are not PES starts, unchanged', () => {
    const garbage = Buffer.alloc(MPEG_TS_PACKET_BYTES, 0x12);
    const continuation = pesPacket(1, 1, 1);
    continuation[1] = 0x01; // no payload_unit_start_indicator
    continuation[3] = 0x10; // payload only: the bytes at offset 4 are not an adaptation field
    const input = Buffer.concat([garbage, continuation]);
    expect(shiftTimestamps(input, 90_000)).toEqual(input);
  });

  it('moves the first PTS of a committed fixture segment by exactly the offset', () => {
    const segment = loadFixtures().renditions[0]!.segmentBytes.a[0]!;
    const before = firstPts(segment);
    expect(before).toBeDefined();
    expect(firstPts(shiftTimestamps(segment, 12 * MPEG_TS_CLOCK_HZ))).toBe(
      (before ?? 0) + 12 * MPEG_TS_CLOCK_HZ,
    );
  });
});
