#!/usr/bin/env node
// Draws Coevo's toolbar icon (two overlapping circles: you and your assistant) into public/icon/<size>.png.
// Run once after changing the design: `node scripts/make-icons.mjs`. Pure Node (zlib), no image tools needed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const teal = [15, 138, 120];
const coral = [217, 95, 72];
for (const size of [16, 32, 48, 128]) {
  const r = size * 0.3;
  const c1 = [size * 0.37, size * 0.5];
  const c2 = [size * 0.63, size * 0.5];
  const S = 4; // supersampling for smooth edges
  const out = png(size, (x, y) => {
    let a1 = 0;
    let a2 = 0;
    for (let i = 0; i < S; i++)
      for (let j = 0; j < S; j++) {
        const px = x + (i + 0.5) / S;
        const py = y + (j + 0.5) / S;
        if (Math.hypot(px - c1[0], py - c1[1]) <= r) a1++;
        if (Math.hypot(px - c2[0], py - c2[1]) <= r) a2++;
      }
    a1 /= S * S;
    a2 /= S * S;
    const alpha = 1 - (1 - a1 * 0.9) * (1 - a2 * 0.9);
    if (alpha <= 0) return [0, 0, 0, 0];
    const w1 = a1 * 0.9 * (1 - a2 * 0.9 * 0.5);
    const w2 = a2 * 0.9;
    const sum = w1 + w2 || 1;
    const rgb = teal.map((t, k) => Math.round((t * w1 + coral[k] * w2) / sum));
    return [...rgb, Math.round(alpha * 255)];
  });
  writeFileSync(new URL(`../public/icon/${size}.png`, import.meta.url), out);
}
