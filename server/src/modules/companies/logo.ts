import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { imageSize } from "image-size";
import type { Deps } from "../../lib/deps";
import { badRequest } from "../../lib/errors";

/** A logo is a small picture: at most 1 MB and 4096 px a side. */
export const LOGO_MAX_BYTES = 1024 * 1024;
export const LOGO_MAX_SIDE = 4096;

export type LogoType = "image/png" | "image/jpeg" | "image/webp";

/**
 * The type of an uploaded logo, from its bytes alone (never a name or a declared type): PNG, JPEG or WebP,
 * with a header that parses to sane dimensions. SVG is refused, not sanitised: it is a document that can
 * carry scripts and external references, and a raster logo loses nothing on a sign-in page.
 */
export function sniffLogo(bytes: Uint8Array): { type: LogoType; width: number; height: number } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let type: LogoType | null = null;
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) type = "image/png";
  else if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) type = "image/jpeg";
  else if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") type = "image/webp";
  if (!type) {
    const head = b.toString("utf8", 0, Math.min(b.length, 512)).trimStart().toLowerCase();
    if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) throw badRequest("SVG logos are not accepted (they can carry scripts): upload a PNG, JPEG or WebP image");
    throw badRequest("That file is not a PNG, JPEG or WebP image");
  }
  let size: { width?: number; height?: number; type?: string };
  try {
    size = imageSize(b);
  } catch {
    throw badRequest("That image could not be read; it may be damaged");
  }
  const expected = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" }[type];
  const { width = 0, height = 0 } = size;
  if (size.type !== expected || width < 1 || height < 1) throw badRequest("That image could not be read; it may be damaged");
  if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) throw badRequest(`A logo is at most ${LOGO_MAX_SIDE} × ${LOGO_MAX_SIDE} pixels`);
  return { type, width, height };
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Where a logo's bytes live: content-addressed under the data directory (never an uploaded name). */
export function logoFile(deps: Pick<Deps, "config">, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("not a SHA-256");
  return path.join(deps.config.dataDir, "branding", sha256);
}

/** Writes the bytes once (temp file, then rename: a reader never sees half a file). */
export function storeLogo(deps: Pick<Deps, "config">, sha256: string, bytes: Uint8Array) {
  const file = logoFile(deps, sha256);
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, bytes, { mode: 0o640 });
  fs.renameSync(tmp, file);
}

export function deleteLogoFile(deps: Pick<Deps, "config">, sha256: string) {
  fs.rmSync(logoFile(deps, sha256), { force: true });
}

/** The address pages use for a company's logo: the uploaded one (versioned by its hash), else an https URL set by hand. */
export function companyLogoUrl(c: { slug: string; logoSha256: string | null; logoUrl: string | null }): string | null {
  if (c.logoSha256) return `/brand/${encodeURIComponent(c.slug)}/logo?v=${c.logoSha256.slice(0, 16)}`;
  return c.logoUrl && /^https:\/\//i.test(c.logoUrl) ? c.logoUrl : null;
}
