import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { mails } from "../../db/schema/mail";
import type { UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { notFound } from "../../lib/errors";
import { redactPrivateLinks } from "../../mail/inbound";
import { displayBody } from "../../mail/outbound";
import { SIGN_IN_LINK_FIELD, SIGN_IN_LINK_SHOWN } from "../portal/portal.links";

type Status = (typeof mails.$inferSelect)["status"];

function publicMail(m: typeof mails.$inferSelect) {
  return {
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    status: m.status,
    /** Plainly: did this mail leave the server? (outbox = kept because SMTP is not configured) */
    sent: m.status === "sent",
    reason: m.reason,
    // Inbound mail was addressed to a live reply address (a credential): shown redacted, like the headers.
    from: redactPrivateLinks(m.fromAddress),
    to: redactPrivateLinks(m.toAddress),
    subject: m.subject,
    conversationId: m.conversationId,
    candidateId: m.candidateId,
    attempts: m.attempts,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
  };
}

/**
 * Admins read the mail log: the outbox (direction out; without SMTP nothing is sent, status "outbox"), and
 * inbound mail, including what was kept out of threads (replies after a rejection, auto-replies).
 */
export function listMails(deps: Deps, actor: UserActor, input: { direction: "out" | "in"; status?: Status; cursor?: number; limit: number }) {
  const conds: SQL[] = [eq(mails.companyId, actor.companyId), eq(mails.direction, input.direction)];
  if (input.status) conds.push(eq(mails.status, input.status));
  if (input.cursor) conds.push(lt(mails.id, input.cursor));
  const rows = deps.db.select().from(mails).where(and(...conds)).orderBy(desc(mails.id)).limit(input.limit + 1).all();
  const page = rows.slice(0, input.limit);
  return { items: page.map(publicMail), nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
}

/** One mail with its text (private links shown as placeholders, never filled) and, for inbound, the original. */
export function getMail(deps: Deps, actor: UserActor, input: { mailId: number }) {
  const m = deps.db.select().from(mails).where(and(eq(mails.companyId, actor.companyId), eq(mails.id, input.mailId))).get();
  if (!m) throw notFound("Mail");
  // A portal sign-in link still to be minted (or minted only into what was sent) is named, never filled.
  // Inbound text was redacted when it arrived; again here, for mail kept before a kind of link was known.
  const text = m.direction === "out" ? displayBody(m.text).replaceAll(SIGN_IN_LINK_FIELD, SIGN_IN_LINK_SHOWN) : redactPrivateLinks(displayBody(m.text));
  return { ...publicMail(m), text, headers: m.raw ? safeHeaders(m.raw) : null };
}

/**
 * The stored message's header block, for admins reading a mail: unfolded, without List-Unsubscribe, private links
 * redacted. Not the raw source: quoted-printable and base64 bodies can carry a private link split across lines or
 * encoded, where no redaction finds it; the body is shown decoded (`text`). The raw message stays in the database.
 */
export function safeHeaders(raw: Buffer): string {
  const source = raw.toString("utf8");
  const end = source.search(/\r?\n\r?\n/);
  const block = (end === -1 ? source : source.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const kept = block.split(/\r?\n/).filter((line) => !/^list-unsubscribe(-post)?:/i.test(line));
  return redactPrivateLinks(kept.join("\n"));
}
