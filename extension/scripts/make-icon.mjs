// Writes assets/icon.png (512×512, what Plasmo resizes into every icon size) without an image library:
// a blue rounded square with a white magnifier-over-person mark, as a plain RGBA PNG.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const N = 512;
const px = Buffer.alloc(N * N * 4);

function inRoundedSquare(x, y) {
  const r = 96;
  const cx = Math.min(Math.max(x, r), N - r);
  const cy = Math.min(Math.max(y, r), N - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
function inCircle(x, y, cx, cy, r) {
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
function inRing(x, y, cx, cy, r1, r2) {
  const d = (x - cx) ** 2 + (y - cy) ** 2;
  return d <= r2 * r2 && d >= r1 * r1;
}
function nearSegment(x, y, x1, y1, x2, y2, w) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return (x - (x1 + t * dx)) ** 2 + (y - (y1 + t * dy)) ** 2 <= w * w;
}

for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    const i = (y * N + x) * 4;
    if (!inRoundedSquare(x, y)) continue; // transparent corners
    let [r, g, b] = [29, 78, 216]; // blue-700
    const lens = inRing(x, y, 220, 220, 110, 140);
    const head = inCircle(x, y, 220, 190, 40);
    const body = inCircle(x, y, 220, 290, 70) && y < 285 && inCircle(x, y, 220, 220, 110);
    const handle = nearSegment(x, y, 320, 320, 410, 410, 26);
    if (lens || head || body || handle) [r, g, b] = [255, 255, 255];
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
    px[i + 3] = 255;
  }
}

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", ihdr),
  chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
const out = path.resolve(import.meta.dirname, "..", "assets", "icon.png");
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
