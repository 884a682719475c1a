// Draws the extension's icon, images/icon.png (128×128): a shipping container on the Marketplace
// banner's blue, with a warning sign over its corner. Shapes are signed distance functions sampled
// 4×4 per pixel; the PNG is written with Node's zlib and nothing else.
//
//   node scripts/icon.mjs [out.png]
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SUB = 4;

const BACKGROUND = [11, 58, 83]; // #0b3a53, as package.json's galleryBanner
const CONTAINER = [0, 173, 216]; // #00add8
const RIB = [0, 126, 160];
const RAIL = [224, 247, 252];
const SIGN = [255, 196, 38];
const SIGN_EDGE = [11, 58, 83];
const MARK = [33, 33, 33];

const box = (x, y, cx, cy, hw, hh, r = 0) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
/** An equilateral triangle pointing up, centred at (cx, cy), with circumradius-like size s, corners rounded by r. */
function triangle(x, y, cx, cy, s, r) {
  const k = Math.sqrt(3);
  let px = Math.abs(x - cx) - s;
  let py = -(y - cy) + s / k;
  if (px + k * py > 0) [px, py] = [(px - k * py) / 2, (-k * px - py) / 2];
  px -= Math.min(Math.max(px, -2 * s), 0);
  return -Math.hypot(px, py) * Math.sign(py) - r;
}

/** Layers from bottom to top: [distance function (negative inside), colour]. */
const layers = [
  [(x, y) => box(x, y, 64, 64, 64, 64, 22), BACKGROUND],
  [(x, y) => box(x, y, 58, 62, 40, 28, 4), CONTAINER],
  ...[-28, -14, 0, 14, 28].map((dx) => [(x, y) => box(x, y, 58 + dx, 62, 2.2, 21), RIB]),
  [(x, y) => box(x, y, 58, 35.5, 40, 3.5, 2), RAIL],
  [(x, y) => box(x, y, 58, 88.5, 40, 3.5, 2), RAIL],
  [(x, y) => triangle(x, y, 94, 94, 27, 5), SIGN_EDGE],
  [(x, y) => triangle(x, y, 94, 94, 22, 3.5), SIGN],
  [(x, y) => box(x, y, 94, 90, 3.2, 9.5, 3), MARK],
  [(x, y) => circle(x, y, 94, 106, 3.6), MARK],
];

export function render() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SUB; sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const x = px + (sx + 0.5) / SUB;
          const y = py + (sy + 0.5) / SUB;
          let colour;
          for (const [inside, c] of layers) if (inside(x, y) <= 0) colour = c;
          if (!colour) continue;
          r += colour[0]; g += colour[1]; b += colour[2]; a += 1;
        }
      }
      const o = (py * SIZE + px) * 4;
      // Colours averaged over the covered samples; alpha is the coverage (the corners are transparent).
      if (a) [rgba[o], rgba[o + 1], rgba[o + 2]] = [r / a, g / a, b / a].map(Math.round);
      rgba[o + 3] = Math.round((255 * a) / (SUB * SUB));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(rgba, width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method variants, no interlace
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const out = path.resolve(process.argv[2] ?? path.join(root, 'images', 'icon.png'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, encodePng(render(), SIZE, SIZE));
  console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
}
