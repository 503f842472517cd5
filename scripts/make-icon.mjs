// Draws the extension icon (images/icon.png, 128×128 RGBA) without any image library: a dark
// rounded square, an orange shield and a white check mark, 4×4 supersampled, written as a PNG with
// node's zlib. Usage: node scripts/make-icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4;
const BG = [35, 47, 62];
const SHIELD = [255, 153, 0];
const MARK = [255, 255, 255];

/** Signed-distance-free tests, each returns true when (x, y) is inside the shape. */
function inRoundedSquare(x, y) {
  const r = 22;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

// The shield: flat top with shoulders, sides that curve into a point at the bottom.
const shield = [];
for (let t = 0; t <= 1.0001; t += 0.05) shield.push([30 + 4 * t, 36 + 30 * t ** 1.2]);
for (let t = 0; t <= 1.0001; t += 0.05) shield.push([34 + 30 * t, 66 + 42 * Math.sin((t * Math.PI) / 2) ** 1.1]);
const right = shield.map(([x, y]) => [SIZE - x, y]).reverse();
const shieldPolygon = [[64, 18], [30, 30], ...shield, ...right, [98, 30]];

function inPolygon(poly, x, y) {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distToSegment(x, y, [ax, ay], [bx, by]) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

const check = [
  [47, 62],
  [59, 75],
  [82, 48],
];
const inMark = (x, y) => distToSegment(x, y, check[0], check[1]) < 6 || distToSegment(x, y, check[1], check[2]) < 6;

/** The colour and coverage at one sample point. */
function sample(x, y) {
  if (!inRoundedSquare(x, y)) return null;
  if (inMark(x, y)) return MARK;
  if (inPolygon(shieldPolygon, x, y)) return SHIELD;
  return BG;
}

function pixel(px, py) {
  const acc = [0, 0, 0, 0];
  for (let i = 0; i < SS; i++) {
    for (let j = 0; j < SS; j++) {
      const c = sample(px + (i + 0.5) / SS, py + (j + 0.5) / SS);
      if (!c) continue;
      acc[0] += c[0];
      acc[1] += c[1];
      acc[2] += c[2];
      acc[3]++;
    }
  }
  const n = acc[3];
  return n ? [acc[0] / n, acc[1] / n, acc[2] / n, (255 * n) / (SS * SS)].map(Math.round) : [0, 0, 0, 0];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
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

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(raw, y * (SIZE * 4 + 1) + 1 + x * 4);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = process.argv[2] ?? new URL('../images/icon.png', import.meta.url).pathname;
writeFileSync(out, png);
console.log(`${out}: ${SIZE}×${SIZE}, ${png.length} bytes`);
