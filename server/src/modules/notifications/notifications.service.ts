import { on } from "node:events";
import type { UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { type BusEvent, busOf, publish, untilClosed } from "../../lib/events";
import { notFound } from "../../lib/errors";
import * as repo from "./notifications.repo";

export function listNotifications(deps: Deps, actor: UserActor, input: { unreadOnly?: boolean; cursor?: number; limit: number }) {
  const rows = repo.listNotifications(deps.db, actor.companyId, actor.userId, { ...input, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      applicationId: n.applicationId,
      candidateId: n.candidateId,
      openingId: n.openingId,
      read: n.readAt !== null,
      createdAt: n.createdAt,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export function unreadCount(deps: Deps, actor: UserActor) {
  return repo.unreadCount(deps.db, actor.companyId, actor.userId);
}

/** Marks the actor's own notifications read (another user's or company's ids are NOT_FOUND). */
export function markRead(deps: Deps, actor: UserActor, input: { notificationIds?: number[]; all?: boolean }) {
  const now = deps.clock.now();
  const changed = deps.db.transaction((tx) => {
    if (input.all) return repo.markRead(tx, actor.companyId, actor.userId, "all", now);
    const ids = [...new Set(input.notificationIds ?? [])];
    if (repo.ownedIds(tx, actor.companyId, actor.userId, ids).length !== ids.length) throw notFound("Notification");
    return repo.markRead(tx, actor.companyId, actor.userId, ids, now);
  });
  if (changed) publish(deps.db, [{ type: "notifications", companyId: actor.companyId, userIds: [actor.userId] }]);
  return { unread: unreadCount(deps, actor) };
}

/** The unread count now, then again whenever it may have changed (the live badge). */
export async function* watchUnreadCount(deps: Deps, actor: UserActor, signal: AbortSignal | undefined, stillAuthorized: () => boolean = () => true) {
  let last = unreadCount(deps, actor);
  yield last;
  try {
    for await (const [ev] of on(busOf(deps.db), "notifications", { signal: untilClosed(signal) })) {
      const e = ev as Extract<BusEvent, { type: "notifications" }>;
      if (e.companyId !== actor.companyId || !e.userIds.includes(actor.userId)) continue;
      // Signed out, token revoked, deactivated or demoted since the stream opened: it ends here.
      if (!stillAuthorized()) return;
      const n = unreadCount(deps, actor);
      if (n !== last) yield n;
      last = n;
    }
  } catch (err) {
    if ((err as Error).name !== "AbortError") throw err;
  }
}
