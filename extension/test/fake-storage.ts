import type { StorageArea } from "../src/lib/storage";

/** chrome.storage.local in memory, copying values in and out like the real one (structured clone). */
export function fakeStorage(initial: Record<string, unknown> = {}): StorageArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    data,
    async get(keys) {
      const out: Record<string, unknown> = {};
      for (const k of keys) if (k in data) out[k] = structuredClone(data[k]);
      return out;
    },
    async set(items) {
      // A macrotask, like the real one, so interleavings show up.
      await new Promise((r) => setTimeout(r, 0));
      for (const [k, v] of Object.entries(items)) data[k] = structuredClone(v);
    },
    async remove(keys) {
      for (const k of keys) delete data[k];
    },
  };
}
