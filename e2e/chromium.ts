// Headless Chromium as the browser tests and the benchmarks run it (Debian's chromium; CHROME_PATH to override).
// No side effects: the benches import it too.
export const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";

/** Quiet, sandbox-free flags for a shared CI machine: no GPU, no QUIC, no background traffic. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The same, with an unpacked extension loaded (launchPersistentContext). */
export const withExtension = (dir: string) => [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...CHROMIUM_ARGS];
