/**
 * The agency's colour on the portal, made safe to read: white text on it and it as text on white both
 * need a contrast of 4.5:1 (WCAG AA), so a light colour is darkened until it has it.
 */
const DEFAULT_BRAND = "#2357c5";

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (c: [number, number, number]) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

function luminance([r, g, b]: [number, number, number]) {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string) {
  const [la, lb] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x) as [number, number];
  return (la + 0.05) / (lb + 0.05);
}

const mix = (c: [number, number, number], to: number, t: number) => c.map((v) => v + (to - v) * t) as [number, number, number];

/** The colours the page uses: the brand (darkened if needed), a darker shade for hover, a light tint. */
export function brandPalette(color: string | null | undefined) {
  const base = color && /^#[0-9a-f]{6}$/i.test(color) ? color.toLowerCase() : DEFAULT_BRAND;
  let c = rgb(base);
  for (let i = 0; i < 20 && contrast(toHex(c), "#ffffff") < 4.5; i++) c = mix(c, 0, 0.08);
  const brand = toHex(c);
  return { brand, dark: toHex(mix(c, 0, 0.2)), soft: toHex(mix(rgb(base), 255, 0.9)), line: toHex(mix(rgb(base), 255, 0.7)) };
}

/** Sets the palette as CSS variables (through the CSSOM, which the page's strict CSP allows). */
export function applyBrand(color: string | null | undefined) {
  const p = brandPalette(color);
  const s = document.documentElement.style;
  s.setProperty("--brand", p.brand);
  s.setProperty("--brand-dark", p.dark);
  s.setProperty("--brand-soft", p.soft);
  s.setProperty("--brand-line", p.line);
}
