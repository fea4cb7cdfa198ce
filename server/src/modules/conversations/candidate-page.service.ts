import type { CandidateActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { type BusEvent, publish } from "../../lib/events";
import { blockQueuedMails, displayBody } from "../../mail/outbound";
import { recordActivity } from "../activities/activities.repo";
import * as candidatesRepo from "../candidates/candidates.repo";
import * as repo from "./conversations.repo";
import { receiveCandidateMessageTx } from "./conversations.service";

/** The candidate's view of their conversation through a private page link, or null for a bad/revoked link. */
export function pageView(deps: Deps, token: string) {
  const t = repo.findToken(deps.db, token, ["page"]);
  if (!t) return null;
  const c = repo.getConversation(deps.db, t.companyId, t.conversationId)!;
  const ctx = repo.contextOf(deps.db, c)!;
  const messages = repo.listMessages(deps.db, t.companyId, c.id).map((m) => ({
    fromCandidate: m.authorType === "candidate",
    author: m.authorType === "candidate" ? "You" : m.authorType === "user" ? `${m.authorName ?? "Former user"}, ${ctx.companyName}` : ctx.companyName,
    body: displayBody(m.body),
    createdAt: m.createdAt,
  }));
  return {
    companyName: ctx.companyName,
    openingTitle: ctx.openingTitle,
    candidateName: ctx.candidateName,
    locked: repo.isLocked(ctx),
    publicContactEmail: ctx.publicContactEmail,
    messages,
  };
}

export type PageView = NonNullable<ReturnType<typeof pageView>>;

/**
 * The candidate answers on the page: refused after a rejection (the page says whom to contact instead).
 * `formNonce` is the form's one-time value: a form posted again (resend, double click, back and resubmit) is
 * stored once and answers "posted" again.
 */
export function pagePost(deps: Deps, token: string, body: string, formNonce: string | null = null): "posted" | "locked" | "invalid" | "empty" {
  const text = body.replace(/\r\n?/g, "\n").trim();
  if (!text) return "empty";
  const now = deps.clock.now();
  let events: BusEvent[] = [];
  const r = deps.db.transaction((tx) => {
    const t = repo.findToken(tx, token, ["page"]);
    if (!t) return "invalid" as const;
    const c = repo.getConversation(tx, t.companyId, t.conversationId)!;
    const ctx = repo.contextOf(tx, c)!;
    if (repo.isLocked(ctx)) return "locked" as const;
    if (formNonce && repo.formNonceUsed(tx, t.companyId, c.id, formNonce)) return "posted" as const;
    events = receiveCandidateMessageTx(tx, deps, t.companyId, ctx, c.id, { body: text.slice(0, 10_000), channel: "page", formNonce }, now).events;
    return "posted" as const;
  });
  publish(deps.db, events);
  return r;
}

/** Unsubscribe link: who it is for (to show the company's name before confirming), or null. */
export function unsubscribeTarget(deps: Deps, token: string) {
  const t = repo.findToken(deps.db, token, ["unsubscribe"]);
  if (!t) return null;
  const c = repo.getConversation(deps.db, t.companyId, t.conversationId)!;
  return { companyName: repo.contextOf(deps.db, c)!.companyName };
}

/** Sets do-not-contact for the candidate of the link; every mail still queued for them is blocked. */
export function unsubscribe(deps: Deps, token: string): { companyName: string } | null {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const t = repo.findToken(tx, token, ["unsubscribe"]);
    if (!t) return null;
    const c = repo.getConversation(tx, t.companyId, t.conversationId)!;
    const ctx = repo.contextOf(tx, c)!;
    if (!ctx.doNotContact) {
      candidatesRepo.updateCandidate(tx, t.companyId, ctx.candidateId, {
        doNotContact: true,
        doNotContactReason: "Unsubscribed by email link",
        doNotContactAt: now,
        updatedAt: now,
      });
      const blocked = blockQueuedMails(tx, t.companyId, ctx.candidateId);
      const actor: CandidateActor = { type: "candidate", companyId: t.companyId, candidateId: ctx.candidateId };
      recordActivity(tx, actor, { companyId: t.companyId, candidateId: ctx.candidateId, type: "candidate.dnc_set", data: { reason: "Unsubscribed by email link", blockedMails: blocked } }, now);
    }
    return { companyName: ctx.companyName };
  });
}
