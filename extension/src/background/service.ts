// What the background service worker does for the messages, the alarms, the shortcut and the context menu.
// The only module of the extension that talks to the server.
import { classify, refusedOutcome, toFailure, type Classified } from "~lib/errors";
import type {
  AddOutcome,
  AddReq,
  DuplicateInfo,
  Failure,
  LookupReq,
  OpeningOption,
  OverviewRes,
  QueuedView,
  Result,
  StageOption,
  StatusRes,
  UserInfo,
} from "~lib/protocol";
import { dismiss, enqueue, flushQueue, newItem, nextWake, type QueueDeps, resumePaused, type SendResult, sendItem, waitingCount } from "~lib/queue";
import { normaliseServerUrl } from "~lib/server-url";
import { type AddInput, chromeLocal, type QueuedAdd, read, type Settings, update, write } from "~lib/storage";
import { type ApiClient, candidateUrl, makeClient } from "~lib/trpc";

const area = chromeLocal;
export const QUEUE_ALARM = "queue-retry";
export const FOLLOW_UP_ALARM = "follow-up-refresh";
const RECENT_KEPT = 10;

/** What prospects.add answers. */
interface Landed {
  candidateId: number;
  applicationId: number | null;
  outcome: "created" | "linked" | "existing";
  stageName: string | null;
  replayed: boolean;
}

type Call<T> = { ok: true; data: T; serverUrl: string } | { ok: false; error: Failure; classified: Classified | null };

/** Runs fn against the connected server; a 401 signs the extension out (keeping what is queued). */
async function call<T>(fn: (api: ApiClient, s: Settings & { serverUrl: string }) => Promise<T>): Promise<Call<T>> {
  const s = await read(area(), "settings");
  if (!s.serverUrl || !s.token) return { ok: false, error: s.signedOutBecause ? { kind: "unauthorized" } : { kind: "not_connected" }, classified: null };
  try {
    const data = await fn(makeClient(s.serverUrl, s.token), { ...s, serverUrl: s.serverUrl });
    void serverReachable();
    return { ok: true, data, serverUrl: s.serverUrl };
  } catch (err) {
    const c = classify(err);
    if (c.kind === "unauthorized") await signedOutByServer(s.token);
    return { ok: false, error: toFailure(c), classified: c };
  }
}

async function signedOutByServer(token: string) {
  await update(area(), "settings", (s) => (s.token === token ? { ...s, token: null, tokenId: null, signedOutBecause: "revoked" } : s));
  await update(area(), "queue", (q) => q.map((x) => (x.state === "waiting" ? { ...x, state: "paused" as const, attempts: Math.max(1, x.attempts) } : x)));
}

/** The server answered: whatever waits in the queue can go now rather than at its backoff time. */
async function serverReachable() {
  const q = await read(area(), "queue");
  if (q.some((x) => x.state === "waiting" && x.attempts > 0)) void flush(true);
}

// ---------------------------------------------------------------- status, connect, disconnect

export async function getStatus(): Promise<StatusRes> {
  const [s, q, f, lastUsed] = await Promise.all([read(area(), "settings"), read(area(), "queue"), read(area(), "followUp"), read(area(), "lastUsed")]);
  return {
    connected: Boolean(s.serverUrl && s.token),
    serverUrl: s.serverUrl,
    email: s.email,
    user: s.user,
    signedOutBecause: s.token ? null : s.signedOutBecause,
    waiting: waitingCount(q),
    needsFollowUp: s.token && f ? f.count : null,
    lastUsed,
  };
}

export async function connect(input: { serverUrl: string; email: string; password: string }): Promise<{ ok: true; user: UserInfo } | { ok: false; message: string }> {
  const serverUrl = normaliseServerUrl(input.serverUrl);
  if (!serverUrl) return { ok: false, message: "Enter the server's address, e.g. https://prospector.example.com" };
  if (!input.email.trim() || !input.password) return { ok: false, message: "Enter your email and password" };
  let r: Awaited<ReturnType<ApiClient["auth"]["createExtensionToken"]["mutate"]>>;
  try {
    r = await makeClient(serverUrl, null).auth.createExtensionToken.mutate({ email: input.email.trim(), password: input.password, name: `Chrome extension (${platformName()})` });
  } catch (err) {
    const c = classify(err);
    if (c.kind === "unauthorized") return { ok: false, message: "Wrong email or password" };
    if (c.kind === "offline") return { ok: false, message: `Cannot reach ${serverUrl}: check the address and that the server is running` };
    return { ok: false, message: c.message };
  }
  const previous = await read(area(), "settings");
  if (previous.token && previous.serverUrl) void revokeQuietly(previous.serverUrl, previous.token, previous.tokenId);
  const user: UserInfo = { id: r.user.id, name: r.user.name, email: r.user.email, role: r.user.role };
  await write(area(), "settings", { serverUrl, email: input.email.trim(), token: r.token, tokenId: r.id, user, signedOutBecause: null });
  if (previous.serverUrl !== serverUrl) {
    // Another server: its openings and counts are not this one's.
    await Promise.all([write(area(), "openingsCache", null), write(area(), "followUp", null), write(area(), "lastUsed", null), write(area(), "openingUse", {})]);
  }
  await resumePaused(area(), Date.now());
  void flush(true);
  void refreshFollowUp();
  return { ok: true, user };
}

function platformName() {
  const ua = globalThis.navigator?.userAgent ?? "";
  return /Windows/.test(ua) ? "Windows" : /Mac OS/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : /CrOS/.test(ua) ? "ChromeOS" : "browser";
}

async function revokeQuietly(serverUrl: string, token: string, tokenId: number | null): Promise<boolean> {
  try {
    const api = makeClient(serverUrl, token);
    let id = tokenId;
    if (id === null) {
      const mine = await api.auth.tokens.list.query();
      id = mine.find((t) => token.startsWith(t.prefix))?.id ?? null;
    }
    if (id !== null) await api.auth.tokens.revoke.mutate({ id });
    return true;
  } catch (err) {
    // Already revoked counts as revoked.
    return classify(err).kind === "unauthorized";
  }
}

/** Signs out: revokes this extension's token on the server, then forgets it. */
export async function disconnect(): Promise<{ ok: true; revoked: boolean; message: string }> {
  const s = await read(area(), "settings");
  let revoked = false;
  if (s.serverUrl && s.token) revoked = await revokeQuietly(s.serverUrl, s.token, s.tokenId);
  await write(area(), "settings", { ...s, token: null, tokenId: null, user: null, signedOutBecause: null });
  await write(area(), "followUp", null);
  await update(area(), "queue", (q) => q.map((x) => (x.state === "waiting" ? { ...x, state: "paused" as const, attempts: Math.max(1, x.attempts) } : x)));
  return {
    ok: true,
    revoked,
    message: revoked || !s.token ? "Signed out" : "Signed out here, but the server could not be reached to revoke the token: revoke it under your account's API tokens",
  };
}

// ---------------------------------------------------------------- openings, stages, duplicates

export async function listOpenings(): Promise<Result<OpeningOption[]>> {
  const r = await call(async (api) => {
    const items: { id: number; title: string; department: string; location: string }[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await api.openings.list.query({ statuses: ["open"], limit: 200, withCounts: false, ...(cursor ? { cursor } : {}) });
      for (const o of res.items) if (o.prospectingEnabled) items.push({ id: o.id, title: o.title, department: o.department, location: o.location });
      if (res.nextCursor === null) break;
      cursor = res.nextCursor;
    }
    return items;
  });
  const use = await read(area(), "openingUse");
  const sorted = (xs: { id: number; title: string; department: string; location: string }[]): OpeningOption[] =>
    xs
      .map((o) => ({ ...o, lastUsedAt: use[String(o.id)] ?? null }))
      .sort((a, b) => (b.lastUsedAt ?? 0) - (a.lastUsedAt ?? 0) || a.title.localeCompare(b.title));
  if (r.ok) {
    await update(area(), "openingsCache", (c) => ({ fetchedAt: Date.now(), openings: r.data, stages: c?.stages ?? {} }));
    return { ok: true, data: sorted(r.data) };
  }
  const cache = await read(area(), "openingsCache");
  if (r.error.kind === "offline" && cache) return { ok: true, data: sorted(cache.openings), stale: true, fetchedAt: cache.fetchedAt };
  return { ok: false, error: r.error };
}

export async function listStages(openingId: number): Promise<Result<StageOption[]>> {
  const r = await call(async (api) => {
    const o = await api.openings.get.query({ openingId });
    return [...o.prospectingStages].sort((a, b) => a.position - b.position).map((st) => ({ id: st.id, name: st.name }));
  });
  if (r.ok) {
    await update(area(), "openingsCache", (c) => (c ? { ...c, stages: { ...c.stages, [String(openingId)]: r.data } } : c));
    return { ok: true, data: r.data };
  }
  const cached = (await read(area(), "openingsCache"))?.stages[String(openingId)];
  if (r.error.kind === "offline" && cached) return { ok: true, data: cached, stale: true };
  return { ok: false, error: r.error };
}

export async function lookup(req: LookupReq): Promise<Result<DuplicateInfo>> {
  const r = await call((api) =>
    api.duplicates.lookup.query({
      profileUrl: req.profileUrl,
      emails: req.emails.slice(0, 20),
      phones: req.phones.slice(0, 20),
      fullName: req.fullName.slice(0, 300),
      company: req.company.slice(0, 300),
      ...(req.openingId ? { openingId: req.openingId } : {}),
    }),
  );
  if (!r.ok) return { ok: false, error: r.error };
  const url = (id: number) => candidateUrl(r.serverUrl, id);
  const m = r.data.match;
  return {
    ok: true,
    data: {
      match: m
        ? {
            candidateId: m.candidateId,
            candidateUrl: url(m.candidateId),
            fullName: m.fullName,
            title: m.title,
            companyName: m.companyName,
            matchedBy: m.matchedBy,
            doNotContact: m.doNotContact,
            applications: m.applications.map((a) => ({ openingId: a.openingId, openingTitle: a.openingTitle, stageName: a.stageName, workflow: a.workflow, status: a.status })),
            onOpening: m.onOpening,
          }
        : null,
      possible: r.data.possible.map((p) => ({ id: p.id, candidateUrl: url(p.id), fullName: p.fullName, title: p.title, companyName: p.companyName })),
    },
  };
}

// ---------------------------------------------------------------- adding, and the queue

/** One try of prospects.add, as the queue sees it; `refusal` gets the server's reason when it refuses. */
async function sendAdd(input: AddInput, refusal?: { value: Classified | null }): Promise<SendResult<Landed>> {
  const r = await call((api) => api.prospects.add.mutate(input));
  if (r.ok) return { kind: "landed", result: r.data };
  if (r.error.kind === "not_connected" || r.error.kind === "unauthorized") return { kind: "unauthorized" };
  if (r.error.kind === "offline") return { kind: "retry", message: r.error.message };
  if (refusal) refusal.value = r.classified;
  return { kind: "refused", message: r.error.message };
}

function queueDeps(refusal?: { value: Classified | null }): QueueDeps<Landed> {
  return { area: area(), now: Date.now, send: (input) => sendAdd(input, refusal), onLanded: recordLanded };
}

async function recordLanded(item: QueuedAdd, result: Landed) {
  await update(area(), "recentAdds", (xs) =>
    [
      {
        candidateId: result.candidateId,
        fullName: item.label.fullName,
        openingTitle: item.label.openingTitle,
        stageName: result.stageName ?? item.label.stageName,
        at: Date.now(),
        outcome: result.outcome,
      },
      ...xs.filter((x) => !(x.candidateId === result.candidateId && x.openingTitle === item.label.openingTitle)),
    ].slice(0, RECENT_KEPT),
  );
  void refreshFollowUp();
}

async function rememberUse(req: AddReq) {
  const at = Date.now();
  await write(area(), "lastUsed", { openingId: req.openingId, openingTitle: req.openingTitle, stageId: req.stageId, stageName: req.stageName, at });
  await update(area(), "openingUse", (u) => ({ ...u, [String(req.openingId)]: at }));
}

/**
 * Adds a person as a prospect. The add is written to the queue first, so a lost answer or a server that cannot
 * be reached leaves it there to be retried with the same requestId; the server makes the retry harmless.
 */
export async function addProspect(req: AddReq): Promise<AddOutcome> {
  const s = await read(area(), "settings");
  if (!s.serverUrl) return { state: "not_connected" };
  if (!s.token) return s.signedOutBecause ? { state: "unauthorized" } : { state: "not_connected" };
  // The server validates the whole draft (a refusal comes back as "invalid"); a name is the one thing the form must have.
  const fullName = (req.draft.fullName ?? "").trim();
  if (!fullName) return { state: "invalid", message: "A name is required" };
  const draft = { data: { ...req.draft, fullName } };
  const input: AddInput = { requestId: crypto.randomUUID(), openingId: req.openingId, stageId: req.stageId, draft: draft.data, tags: req.tags, note: req.note };
  const item = newItem(input, { fullName: draft.data.fullName, openingTitle: req.openingTitle, stageName: req.stageName }, Date.now());
  await enqueue(area(), item);
  const refusal: { value: Classified | null } = { value: null };
  const r = await sendItem(queueDeps(refusal), item);
  // The shortcut adds to the last opening that took (or will take) someone, not to one that refused.
  if (r.kind === "landed" || r.kind === "retry" || refusal.value?.kind === "server" && refusal.value.code === "CONFLICT") await rememberUse(req);
  switch (r.kind) {
    case "landed":
      return {
        state: "added",
        candidateId: r.result.candidateId,
        candidateUrl: candidateUrl(s.serverUrl, r.result.candidateId),
        outcome: r.result.outcome,
        openingTitle: req.openingTitle,
        stageName: r.result.stageName ?? req.stageName,
      };
    case "retry":
      await scheduleQueueAlarm();
      return { state: "queued", requestId: input.requestId, waiting: waitingCount(await read(area(), "queue")) };
    case "unauthorized":
      return { state: "unauthorized" };
    case "refused": {
      // The form shows the refusal now; nothing to keep in the queue.
      await dismiss(area(), input.requestId);
      const c = refusal.value;
      if (c?.kind === "server") return refusedOutcome(c, { openingTitle: req.openingTitle, candidateUrl: (id) => candidateUrl(s.serverUrl!, id) });
      return { state: "error", message: r.message };
    }
  }
}

/** Sends what is due in the queue; `force` ignores backoff (the server just answered, or the user asked). */
export async function flush(force = false) {
  const report = await flushQueue(queueDeps(), { force });
  await scheduleQueueAlarm();
  return report;
}

export async function scheduleQueueAlarm() {
  const wake = nextWake(await read(area(), "queue"));
  if (wake === null) await chrome.alarms.clear(QUEUE_ALARM);
  else await chrome.alarms.create(QUEUE_ALARM, { when: Math.max(Date.now() + 500, wake) });
}

export async function retryQueue(): Promise<{ waiting: number }> {
  const s = await read(area(), "settings");
  if (s.token) await resumePaused(area(), Date.now());
  await flush(true);
  return { waiting: waitingCount(await read(area(), "queue")) };
}

export async function dismissQueued(requestId: string): Promise<{ waiting: number }> {
  await dismiss(area(), requestId);
  return { waiting: waitingCount(await read(area(), "queue")) };
}

// ---------------------------------------------------------------- follow-up, popup overview, badge

export async function refreshFollowUp(): Promise<OverviewRes["followUp"]> {
  const r = await call(async (api) => {
    const [summary, list] = await Promise.all([
      api.dashboard.summary.query({ recentLimit: 1 }),
      api.candidates.list.query({ tab: "prospects", needsFollowUp: true, limit: 10 }),
    ]);
    return { summary, list };
  });
  if (!r.ok) {
    const cached = await read(area(), "followUp");
    if (r.error.kind === "offline" && cached) {
      const s = await read(area(), "settings");
      return { ok: true, stale: true, fetchedAt: cached.fetchedAt, data: { ...cached, items: cached.items.map((i) => ({ ...i, candidateUrl: candidateUrl(s.serverUrl ?? "", i.candidateId) })) } };
    }
    return { ok: false, error: r.error };
  }
  const items = r.data.list.items.map((x) => ({
    candidateId: x.candidate.id,
    fullName: x.candidate.fullName,
    title: x.candidate.title,
    companyName: x.candidate.companyName,
    openingTitle: x.application?.openingTitle ?? "",
    stageName: x.application?.stageName ?? "",
  }));
  const value = { count: r.data.summary.needsFollowUp, capped: r.data.summary.needsFollowUpCapped, items, fetchedAt: Date.now() };
  await write(area(), "followUp", value);
  return { ok: true, data: { ...value, items: items.map((i) => ({ ...i, candidateUrl: candidateUrl(r.serverUrl, i.candidateId) })) } };
}

export async function overview(): Promise<OverviewRes> {
  const followUp = await refreshFollowUp();
  const [s, recent, queue] = await Promise.all([read(area(), "settings"), read(area(), "recentAdds"), read(area(), "queue")]);
  const base = s.serverUrl ?? "";
  return {
    followUp,
    recent: recent.map((x) => ({ ...x, candidateUrl: candidateUrl(base, x.candidateId) })),
    queue: queue
      .filter((q) => q.attempts > 0 || q.state !== "waiting")
      .map(
        (q): QueuedView => ({
          requestId: q.requestId,
          fullName: q.label.fullName,
          openingTitle: q.label.openingTitle,
          stageName: q.label.stageName,
          queuedAt: q.queuedAt,
          attempts: q.attempts,
          nextAttemptAt: q.nextAttemptAt,
          state: q.state,
          lastError: q.lastError,
        }),
      ),
  };
}

/** The toolbar badge: adds waiting to be sent (amber) win over prospects needing follow-up (blue). */
export async function updateBadge() {
  const [s, q, f] = await Promise.all([read(area(), "settings"), read(area(), "queue"), read(area(), "followUp")]);
  const waiting = waitingCount(q);
  const failed = q.filter((x) => x.state === "failed").length;
  if (waiting > 0 || failed > 0) {
    await chrome.action.setBadgeBackgroundColor({ color: failed > 0 && waiting === 0 ? "#b91c1c" : "#b45309" });
    await chrome.action.setBadgeText({ text: String(waiting || failed) });
    await chrome.action.setTitle({
      title: `Prospector — ${waiting ? `${waiting} add${waiting === 1 ? "" : "s"} waiting to be sent` : ""}${waiting && failed ? "; " : ""}${failed ? `${failed} refused by the server` : ""}`,
    });
    return;
  }
  if (s.token && f && f.count > 0) {
    await chrome.action.setBadgeBackgroundColor({ color: "#1d4ed8" });
    await chrome.action.setBadgeText({ text: f.capped || f.count > 999 ? "999+" : String(f.count) });
    await chrome.action.setTitle({ title: `Prospector — ${f.count}${f.capped ? "+" : ""} prospect${f.count === 1 ? "" : "s"} need follow-up` });
    return;
  }
  await chrome.action.setBadgeText({ text: s.token ? "" : s.signedOutBecause ? "!" : "" });
  await chrome.action.setTitle({ title: s.token ? "Prospector" : s.signedOutBecause ? "Prospector — sign in again" : "Prospector — not connected" });
}
