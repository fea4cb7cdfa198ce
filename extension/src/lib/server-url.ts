// The server's address as the user types it, and the host permission it needs. No dependencies: the popup imports it.

/** Server URL as typed → its canonical form (scheme required, no trailing slash, no query). Null when unusable. */
export function normaliseServerUrl(input: string): string | null {
  let s = input.trim();
  if (!s) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `${/^(localhost|127\.|\[::1\])/i.test(s) ? "http" : "https"}://${s}`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  if (u.username || u.password) return null;
  const path = u.pathname.replace(/\/+$/, "");
  return `${u.origin}${path}`;
}

/** The host-permission pattern to request for a server (no port: a pattern without one matches every port). */
export function originPattern(serverUrl: string): string {
  const u = new URL(serverUrl);
  return `${u.protocol}//${u.hostname}/*`;
}
