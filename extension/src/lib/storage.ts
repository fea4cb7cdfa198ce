// Everything the extension keeps, in chrome.storage.local under typed keys, parsed with zod on every read:
// storage survives extension updates, so a value written by an older version (or damaged) must not crash us.
import type { ProfileDraftInput } from "@prospector/shared/profile";
// A namespace import: Parcel's scope hoisting mangles zod 4's re-exported `z` binding ("z.string is not a
// function"), so neither `import { z }` here nor shared's zod schemas at run time (types only) in the extension.
import * as z from "zod";

/** The part of chrome.storage.local we use; tests pass an in-memory fake. */
export interface StorageArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

const zUser = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  role: z.enum(["super_admin", "admin", "recruiter"]),
});

/** Connection settings. `token` null = signed out (serverUrl and email stay to prefill the form). */
export const zSettings = z.object({
  serverUrl: z.string().url().nullable().default(null),
  email: z.string().nullable().default(null),
  token: z.string().min(1).nullable().default(null),
  tokenId: z.number().nullable().default(null),
  user: zUser.nullable().default(null),
  signedOutBecause: z.enum(["revoked"]).nullable().default(null),
});
export type Settings = z.infer<typeof zSettings>;

export const zLastUsed = z
  .object({ openingId: z.number(), openingTitle: z.string(), stageId: z.number(), stageName: z.string(), at: z.number() })
  .nullable();

/** When each opening was last used (opening id → epoch ms): the picker lists the last used first. */
export const zOpeningUse = z.record(z.string(), z.number());

export const zAddInput = z.object({
  requestId: z.string().min(8).max(100),
  openingId: z.number().int().positive(),
  stageId: z.number().int().positive(),
  // The server validates the draft (zProfileDraft); here only enough to know it is one.
  draft: z.looseObject({ fullName: z.string().min(1) }).transform((d) => d as ProfileDraftInput),
  tags: z.array(z.string()).default([]),
  note: z.string().default(""),
});
export type AddInput = z.infer<typeof zAddInput>;

export const zQueuedAdd = z.object({
  requestId: z.string(),
  input: zAddInput,
  label: z.object({ fullName: z.string(), openingTitle: z.string(), stageName: z.string() }),
  queuedAt: z.number(),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.number(),
  /** waiting: retried by alarm; paused: the token is gone, resumes on connect; failed: the server refused it for good. */
  state: z.enum(["waiting", "paused", "failed"]),
  lastError: z.string().nullable(),
});
export type QueuedAdd = z.infer<typeof zQueuedAdd>;

export const zRecentAdd = z.object({
  candidateId: z.number(),
  fullName: z.string(),
  openingTitle: z.string(),
  stageName: z.string(),
  at: z.number(),
  outcome: z.enum(["created", "linked", "existing"]),
});
export type StoredRecentAdd = z.infer<typeof zRecentAdd>;

export const zFollowUpItem = z.object({
  candidateId: z.number(),
  fullName: z.string(),
  title: z.string(),
  companyName: z.string(),
  openingTitle: z.string(),
  stageName: z.string(),
});
export const zFollowUp = z.object({ count: z.number(), capped: z.boolean(), items: z.array(zFollowUpItem), fetchedAt: z.number() }).nullable();
export type FollowUp = z.infer<typeof zFollowUp>;

/** The openings and stages last seen, so an add can still be prepared (and queued) while the server is down. */
export const zOpeningsCache = z
  .object({
    fetchedAt: z.number(),
    openings: z.array(z.object({ id: z.number(), title: z.string(), department: z.string(), location: z.string() })),
    stages: z.record(z.string(), z.array(z.object({ id: z.number(), name: z.string() }))),
  })
  .nullable();
export type OpeningsCache = z.infer<typeof zOpeningsCache>;

/** A list whose bad entries are dropped one by one instead of losing the whole list. */
function tolerantList<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((xs) => xs.flatMap((x) => {
      const r = item.safeParse(x);
      return r.success ? [r.data as z.output<T>] : [];
    }));
}

export const schemas = {
  settings: zSettings,
  lastUsed: zLastUsed,
  openingUse: zOpeningUse,
  queue: tolerantList(zQueuedAdd),
  recentAdds: tolerantList(zRecentAdd),
  followUp: zFollowUp,
  openingsCache: zOpeningsCache,
};
export type StorageKey = keyof typeof schemas;
export type Stored<K extends StorageKey> = z.output<(typeof schemas)[K]>;

const defaults: { [K in StorageKey]: () => Stored<K> } = {
  settings: () => zSettings.parse({}),
  lastUsed: () => null,
  openingUse: () => ({}),
  queue: () => [],
  recentAdds: () => [],
  followUp: () => null,
  openingsCache: () => null,
};

/** Reads one key; a missing or unparsable value gives the key's default. */
export async function read<K extends StorageKey>(area: StorageArea, key: K): Promise<Stored<K>> {
  const raw = (await area.get([key]))[key];
  if (raw === undefined) return defaults[key]();
  const r = schemas[key].safeParse(raw);
  if (!r.success) {
    console.warn(`Prospector: ignoring a bad stored "${key}"`, r.error.issues.slice(0, 3));
    return defaults[key]();
  }
  return r.data as Stored<K>;
}

export async function write<K extends StorageKey>(area: StorageArea, key: K, value: Stored<K>): Promise<void> {
  await area.set({ [key]: value });
}

/**
 * Read-modify-write of one key, serialised per area so two concurrent updates (an add and a queue flush)
 * never overwrite each other's change.
 */
export async function update<K extends StorageKey>(area: StorageArea, key: K, fn: (v: Stored<K>) => Stored<K>): Promise<Stored<K>> {
  return serialised(area, async () => {
    const next = fn(await read(area, key));
    await write(area, key, next);
    return next;
  });
}

const chains = new WeakMap<StorageArea, Promise<unknown>>();
/** Runs fn after every earlier serialised call on the same area has finished. */
export function serialised<T>(area: StorageArea, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(area) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  chains.set(
    area,
    run.catch(() => undefined),
  );
  return run;
}

let localArea: StorageArea | null = null;
/** chrome.storage.local, created on first use (so importing this module needs no chrome global); one object, so `update` serialises. */
export function chromeLocal(): StorageArea {
  localArea ??= {
    get: (keys) => chrome.storage.local.get(keys),
    set: (items) => chrome.storage.local.set(items),
    remove: (keys) => chrome.storage.local.remove(keys),
  };
  return localArea;
}
