import { attachmentsByMessage, type PublicDocument } from "../documents/documents.service";
import { on } from "node:events";
import type { Executor, Tx } from "../../db/client";
import { enqueue } from "../../jobs/queue";
import type { JobHandler } from "../../jobs/worker";
import { type CandidateActor, isAdmin, type UserActor } from "../../lib/actor";
import { randomToken } from "../../lib/crypto";
import type { Deps } from "../../lib/deps";
import { notFound, precondition } from "../../lib/errors";
import { type BusEvent, busOf, publish, untilClosed } from "../../lib/events";
import { allBounced } from "../../mail/bounce";
import { displayBody, queueMail } from "../../mail/outbound";
import * as tasks from "../tasks/tasks.service";
import { recordActivity } from "../activities/activities.repo";
import { insertNotifications, markConversationRead as markConversationNotificationsRead } from "../notifications/notifications.repo";
import { isMember } from "../openings/openings.repo";
import { visibleOpening, visibleOpeningIds } from "../openings/openings.service";
import * as repo from "./conversations.repo";

export const REMINDER_JOB = "followup.remind";
const DAY = 24 * 3600_000;

/** An application the actor may see (its opening visible to them), with its conversation context. */
export function visibleContext(db: Executor, actor: UserActor, applicationId: number): repo.ApplicationContext {
  const ctx = repo.conversationContext(db, actor.companyId, applicationId);
  if (!ctx) throw notFound("Application");
  visibleOpening(db, actor, ctx.openingId);
  return ctx;
}

/** Which thread: an application's, or a candidate's general one (every user sees it: candidates are the company's shared database). */
export type ThreadKey = { applicationId: number; candidateId?: undefined } | { candidateId: number; applicationId?: undefined };

export function threadContext(db: Executor, actor: UserActor, key: ThreadKey): repo.ConversationContext {
  if (key.applicationId !== undefined) return visibleContext(db, actor, key.applicationId);
  const ctx = repo.generalContext(db, actor.companyId, key.candidateId);
  if (!ctx) throw notFound("Candidate");
  return ctx;
}

function conversationOf(db: Executor, companyId: number, ctx: repo.ConversationContext) {
  return ctx.kind === "application" ? repo.conversationOfApplication(db, companyId, ctx.applicationId) : repo.generalConversationOf(db, companyId, ctx.candidateId);
}

function publicMessage(m: ReturnType<typeof repo.listMessages>[number], delivery?: { status: string; reason: string | null }, attachments: PublicDocument[] = []) {
  return {
    id: m.id,
    authorType: m.authorType,
    authorUserId: m.authorUserId,
    authorName: m.authorType === "user" ? (m.authorName ?? "A former user") : m.authorType === "candidate" ? null : "Prospector",
    channel: m.channel,
    subject: m.subject,
    body: displayBody(m.body),
    createdAt: m.createdAt,
    delivery: delivery ? { status: delivery.status, reason: delivery.reason } : null,
    /** Files the candidate attached to an email reply, kept as their documents. */
    attachments,
  };
}

export type PublicMessage = ReturnType<typeof publicMessage>;

/** The thread of an application or a candidate's general one (empty before the first message), and whether the candidate can answer. */
export function getThread(deps: Deps, actor: UserActor, input: ThreadKey) {
  const ctx = threadContext(deps.db, actor, input);
  const c = conversationOf(deps.db, actor.companyId, ctx);
  const msgs = c ? repo.listMessages(deps.db, actor.companyId, c.id) : [];
  const delivery = repo.deliveryOf(deps.db, actor.companyId, msgs.filter((m) => m.authorType === "user").map((m) => m.id));
  const email = repo.candidateAddress(deps.db, actor.companyId, ctx.candidateId);
  const files = attachmentsByMessage(deps.db, actor.companyId, msgs.filter((m) => m.authorType === "candidate" && m.channel === "email").map((m) => m.id));
  return {
    /** Every address of the candidate bounced (so there is none to mail). */
    allBounced: email === null && allBounced(deps.db, actor.companyId, ctx.candidateId),
    conversationId: c?.id ?? null,
    applicationId: ctx.applicationId,
    candidate: { id: ctx.candidateId, fullName: ctx.candidateName, email, doNotContact: ctx.doNotContact },
    /** Null for a general conversation. */
    opening: ctx.kind === "application" ? { id: ctx.openingId, title: ctx.openingTitle } : null,
    /** After a rejection the candidate can no longer write; the company still can. */
    candidateLocked: repo.isLocked(ctx),
    canSend: !ctx.doNotContact,
    messages: msgs.map((m) => publicMessage(m, delivery.get(m.id), files.get(m.id))),
  };
}

interface Composed {
  subject: string;
  body: string;
  templateId?: number | null;
  channel?: "web" | "email";
}

/**
 * Stores a company message in the application's conversation and queues its mail (when the candidate has
 * an address). Refused for a candidate who asked not to be contacted. Runs inside the caller's transaction.
 */
export function sendCompanyMessageTx(
  tx: Tx,
  deps: Deps,
  actor: UserActor,
  ctx: repo.ConversationContext,
  m: Composed & {
    /** When the mail may leave (a throttled bulk send spreads them); now by default. */
    runAt?: number;
    /** The opening an {{apply_link}} opens when it is not the conversation's (an invitation in a general conversation). */
    applyOpeningId?: number | null;
    /** The activity's type when it is more than a message (a re-engagement invitation), and extra facts for it. */
    activityType?: string;
    activity?: Record<string, unknown>;
    /**
     * Mark the thread read for the sender up to this message (default). A bulk send into threads nobody else wrote in
     * skips it: the sender's own messages never count as unread anyway.
     */
    markRead?: boolean;
    /** The candidate's address when the caller read it in the same transaction (a bulk send); else looked up here. */
    to?: string | null;
  },
  now: number,
) {
  if (ctx.doNotContact) throw precondition("This candidate asked not to be contacted");
  const conv = repo.ensureConversationOf(tx, actor.companyId, ctx, now);
  const messageId = repo.insertMessage(tx, {
    companyId: actor.companyId,
    conversationId: conv.id,
    authorType: "user",
    authorUserId: actor.userId,
    channel: m.channel ?? "web",
    subject: m.subject,
    body: m.body,
    templateId: m.templateId ?? null,
    createdAt: now,
  });
  if (m.markRead !== false) repo.markRead(tx, actor.companyId, conv.id, actor.userId, messageId);
  const to = m.to !== undefined ? m.to : repo.candidateAddress(tx, actor.companyId, ctx.candidateId);
  const mailId = to
    ? queueMail(
        tx,
        deps,
        {
          companyId: actor.companyId,
          kind: "candidate",
          conversationId: conv.id,
          messageId,
          candidateId: ctx.candidateId,
          fromName: `${actor.name} (${ctx.companyName})`,
          to,
          subject: m.subject,
          text: m.body,
          openingId: m.applyOpeningId ?? null,
          runAt: m.runAt,
        },
        now,
      )
    : null;
  recordActivity(
    tx,
    actor,
    {
      companyId: actor.companyId,
      candidateId: ctx.candidateId,
      applicationId: ctx.applicationId,
      openingId: ctx.openingId ?? m.applyOpeningId ?? null,
      type: m.activityType ?? "conversation.message_sent",
      data: { messageId, subject: m.subject, templateId: m.templateId ?? null, emailed: mailId !== null, ...(ctx.kind === "general" ? { general: true } : {}), ...m.activity },
    },
    now,
  );
  const events: BusEvent[] = [
    { type: "message", companyId: actor.companyId, conversationId: conv.id, applicationId: ctx.applicationId, openingId: ctx.openingId, candidateId: ctx.candidateId, messageId },
  ];
  if (mailId) events.push({ type: "jobs" });
  return { messageId, conversationId: conv.id, mailId, events };
}

/** "Remind me if there is no reply in N days": a durable job that checks for a candidate reply first. */
export function scheduleReminder(tx: Tx, actor: UserActor, ctx: repo.ApplicationContext, conversationId: number, days: number, now: number) {
  enqueue(
    tx,
    {
      companyId: actor.companyId,
      kind: REMINDER_JOB,
      payload: { userId: actor.userId, applicationId: ctx.applicationId, conversationId, days, sinceMessageId: repo.lastCandidateMessageId(tx, actor.companyId, conversationId) },
      runAt: now + days * DAY,
    },
    now,
  );
}

export function postMessage(deps: Deps, actor: UserActor, input: ThreadKey & { subject?: string; body: string; remindAfterDays?: number }) {
  const now = deps.clock.now();
  const r = deps.db.transaction((tx) => {
    const ctx = threadContext(tx, actor, input);
    const subject = input.subject?.trim() || (ctx.kind === "application" ? `${ctx.openingTitle} at ${ctx.companyName}` : ctx.companyName);
    const sent = sendCompanyMessageTx(tx, deps, actor, ctx, { subject, body: input.body }, now);
    // Reminders are about a prospect's follow-up: an application's thread only.
    if (input.remindAfterDays && ctx.kind === "application") scheduleReminder(tx, actor, ctx, sent.conversationId, input.remindAfterDays, now);
    return sent;
  });
  publish(deps.db, r.events);
  return { messageId: r.messageId, emailed: r.mailId !== null };
}

/**
 * A candidate's message (from their page or a reply mail) joins the thread, and the opening's hiring team
 * is told: an in-app notification each, and an email they can answer by replying.
 */
export function receiveCandidateMessageTx(
  tx: Tx,
  deps: Deps,
  companyId: number,
  ctx: repo.ConversationContext,
  conversationId: number,
  m: { body: string; subject?: string; channel: "page" | "email"; formNonce?: string | null },
  now: number,
) {
  const actor: CandidateActor = { type: "candidate", companyId, candidateId: ctx.candidateId };
  const messageId = repo.insertMessage(tx, {
    companyId,
    conversationId,
    authorType: "candidate",
    channel: m.channel,
    subject: m.subject ?? "",
    body: m.body,
    formNonce: m.formNonce ?? null,
    createdAt: now,
  });
  recordActivity(
    tx,
    actor,
    {
      companyId,
      candidateId: ctx.candidateId,
      applicationId: ctx.applicationId,
      openingId: ctx.openingId,
      type: "conversation.message_received",
      data: { messageId, channel: m.channel, ...(ctx.kind === "general" ? { general: true } : {}) },
    },
    now,
  );
  // An application's hiring team hears of it; a general conversation has no team: whoever wrote in it does.
  const team = ctx.kind === "application" ? repo.teamOf(tx, companyId, ctx.openingId) : repo.generalAudience(tx, companyId, conversationId);
  const about = repo.aboutOpening(ctx);
  const link = `${deps.config.publicUrl}/app/candidates/${ctx.candidateId}#thread-${ctx.kind === "application" ? ctx.applicationId : "general"}`;
  const preview = m.body.length > 300 ? `${m.body.slice(0, 297)}…` : m.body;
  insertNotifications(
    tx,
    team.map((u) => ({
      companyId,
      userId: u.id,
      kind: "candidate_message" as const,
      conversationId,
      applicationId: ctx.applicationId,
      candidateId: ctx.candidateId,
      openingId: ctx.openingId,
      title: `${ctx.candidateName} wrote${about}`,
      body: preview,
      createdAt: now,
    })),
  );
  for (const u of team) {
    queueMail(
      tx,
      deps,
      {
        companyId,
        kind: "notification",
        conversationId,
        messageId,
        userId: u.id,
        fromName: `${ctx.candidateName} via Prospector`,
        to: u.email,
        subject: `${ctx.candidateName} wrote${about}`,
        text: `${ctx.candidateName} wrote${about}:\n\n${m.body}\n\n-- \nReply to this email to answer in the conversation (your reply is sent to ${ctx.candidateName} and shown to your team), or open it: ${link}\n`,
      },
      now,
    );
  }
  const events: BusEvent[] = [
    { type: "message", companyId, conversationId, applicationId: ctx.applicationId, openingId: ctx.openingId, candidateId: ctx.candidateId, messageId },
    { type: "notifications", companyId, userIds: team.map((u) => u.id) },
  ];
  if (team.length) events.push({ type: "jobs" });
  return { messageId, events };
}

export function inbox(deps: Deps, actor: UserActor, input: { openingId?: number; unreadOnly?: boolean; cursor?: number; limit: number }) {
  if (input.openingId !== undefined) visibleOpening(deps.db, actor, input.openingId);
  const openingIds = visibleOpeningIds(deps.db, actor) ?? undefined;
  const rows = repo.inbox(deps.db, { companyId: actor.companyId, userId: actor.userId, openingIds, ...input, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({
      conversationId: r.conversationId,
      applicationId: r.applicationId,
      candidate: { id: r.candidateId, fullName: r.candidateName },
      opening: r.openingId !== null && r.openingTitle !== null ? { id: r.openingId, title: r.openingTitle } : null,
      lastMessage: { authorType: r.lastAuthorType, preview: displayBody(r.lastBody), at: r.lastMessageAt ?? 0 },
      unread: r.unread,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.lastMessageId ?? null) : null,
    unreadTotal: repo.unreadTotal(deps.db, actor.companyId, actor.userId, openingIds),
  };
}

export function markRead(deps: Deps, actor: UserActor, input: ThreadKey & { upToMessageId?: number }) {
  const cleared = deps.db.transaction((tx) => {
    const ctx = threadContext(tx, actor, input);
    const c = conversationOf(tx, actor.companyId, ctx);
    if (!c?.lastMessageId) return 0;
    const upTo = Math.min(input.upToMessageId ?? c.lastMessageId, c.lastMessageId);
    repo.markRead(tx, actor.companyId, c.id, actor.userId, upTo);
    // Read up to the newest message: the bell's "candidate wrote" notifications of this thread are seen too.
    return upTo === c.lastMessageId ? markConversationNotificationsRead(tx, actor.companyId, actor.userId, c.id, deps.clock.now()) : 0;
  });
  if (cleared) publish(deps.db, [{ type: "notifications", companyId: actor.companyId, userIds: [actor.userId] }]);
}

/** A new private link to the candidate's conversation page, shown once (e.g. to send by other means). */
export function createCandidateLink(deps: Deps, actor: UserActor, input: ThreadKey) {
  const now = deps.clock.now();
  const token = randomToken(32);
  deps.db.transaction((tx) => {
    const ctx = threadContext(tx, actor, input);
    const c = repo.ensureConversationOf(tx, actor.companyId, ctx, now);
    repo.insertToken(tx, { companyId: actor.companyId, conversationId: c.id, kind: "page", token }, now);
    recordActivity(tx, actor, { companyId: actor.companyId, candidateId: ctx.candidateId, applicationId: ctx.applicationId, openingId: ctx.openingId, type: "conversation.link_created" }, now);
  });
  return { url: `${deps.config.publicUrl}/c/${token}` };
}

/** Every private page link (and reply address) of the conversation stops working; new mails mint new ones. */
export function revokeCandidateLinks(deps: Deps, actor: UserActor, input: ThreadKey & { includeReplyAddresses?: boolean }) {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const ctx = threadContext(tx, actor, input);
    const c = conversationOf(tx, actor.companyId, ctx);
    const revoked = c ? repo.revokeTokens(tx, actor.companyId, c.id, input.includeReplyAddresses ? ["page", "reply"] : ["page"], now) : 0;
    recordActivity(tx, actor, { companyId: actor.companyId, candidateId: ctx.candidateId, applicationId: ctx.applicationId, openingId: ctx.openingId, type: "conversation.links_revoked", data: { revoked } }, now);
    return { revoked };
  });
}

/**
 * New messages in conversations the actor can see (one application's, or all of them), as they are stored.
 * The application is checked at once (NOT_FOUND before any stream starts).
 */
export function watchMessages(deps: Deps, actor: UserActor, input: { applicationId?: number }, signal: AbortSignal | undefined, stillAuthorized: () => boolean = () => true) {
  if (input.applicationId !== undefined) visibleContext(deps.db, actor, input.applicationId);
  return (async function* () {
    try {
      for await (const [ev] of on(busOf(deps.db), "message", { signal: untilClosed(signal) })) {
        const e = ev as Extract<BusEvent, { type: "message" }>;
        if (e.companyId !== actor.companyId) continue;
        if (input.applicationId !== undefined && e.applicationId !== input.applicationId) continue;
        // A general conversation (no opening) is seen by every user of the company.
        if (e.openingId !== null && !isAdmin(actor) && !isMember(deps.db, actor.companyId, e.openingId, actor.userId)) continue;
        // Signed out, token revoked, deactivated or demoted since the stream opened: it ends here.
        if (!stillAuthorized()) return;
        const m = repo.listMessagesById(deps.db, actor.companyId, [e.messageId])[0];
        if (!m) continue;
        const files = m.authorType === "candidate" && m.channel === "email" ? attachmentsByMessage(deps.db, actor.companyId, [m.id]).get(m.id) : undefined;
        yield { applicationId: e.applicationId, candidateId: e.candidateId, conversationId: e.conversationId, message: publicMessage(m, undefined, files) };
      }
    } catch (err) {
      if ((err as Error).name !== "AbortError") throw err;
    }
  })();
}

/** The reminder job: a notification for the sender unless the candidate has replied since. */
export function reminderHandler(deps: Deps): JobHandler {
  return async (job) => {
    const p = job.payload as { userId: number; applicationId: number; conversationId: number; days: number; sinceMessageId: number };
    const companyId = job.companyId!;
    return (tx) => {
      if (repo.lastCandidateMessageId(tx, companyId, p.conversationId) > p.sinceMessageId) return;
      const ctx = repo.conversationContext(tx, companyId, p.applicationId);
      if (!ctx) return;
      insertNotifications(tx, [
        {
          companyId,
          userId: p.userId,
          kind: "follow_up_reminder",
          conversationId: p.conversationId,
          applicationId: p.applicationId,
          candidateId: ctx.candidateId,
          openingId: ctx.openingId,
          title: `No reply from ${ctx.candidateName} about ${ctx.openingTitle} in ${p.days} day${p.days === 1 ? "" : "s"}`,
          body: "Time to follow up?",
          createdAt: deps.clock.now(),
        },
      ]);
      // The reminder is also a task on the sender's list, due now.
      tasks.create(
        tx,
        { companyId, assigneeId: p.userId, applicationId: p.applicationId, title: `Follow up with ${ctx.candidateName} (${ctx.openingTitle})`, details: `No reply in ${p.days} day${p.days === 1 ? "" : "s"}.`, source: "follow_up_reminder", dueAt: deps.clock.now() },
        deps.clock.now(),
      );
      // After the worker's transaction commits (it is synchronous, so a microtask runs after it).
      queueMicrotask(() => publish(deps.db, [{ type: "notifications", companyId, userIds: [p.userId] }]));
    };
  };
}
