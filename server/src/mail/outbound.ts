import { mintApplyLink } from "../modules/careers/careers.service";
import { randomBytes } from "node:crypto";
import { escapeHtml, renderHtml, renderText } from "@prospector/shared/mail/template";
import { and, eq, inArray } from "drizzle-orm";
import { type Executor, stmt, type Tx } from "../db/client";
import { whenWritable } from "../db/write-gate";
import { mails, type MAIL_KINDS } from "../db/schema/mail";
import { enqueue } from "../jobs/queue";
import { type JobHandler, PermanentJobError } from "../jobs/worker";
import { randomToken } from "../lib/crypto";
import type { Deps } from "../lib/deps";
import * as conv from "../modules/conversations/conversations.repo";
import { fillSignInLink, revokeUnsentSignInLinks } from "../modules/portal/portal.links";
import { allBounced, countSoftBounce, markBounced } from "./bounce";
import { type MailTransport, type OutgoingMail, SmtpRejectedError } from "./transport";

export const SEND_MAIL_JOB = "mail.send";

export type MailRow = typeof mails.$inferSelect;

/** Our own Message-IDs: random, so they also work as an unguessable thread key. */
export const newMessageId = (domain: string) => `${randomBytes(16).toString("hex")}@${domain}`;

/** reply+<128-bit hex token>@domain: lower case, so MTAs that lower-case local parts keep it intact. */
export const newReplyToken = () => randomBytes(16).toString("hex");

export function replyAddress(token: string, domain: string) {
  return `reply+${token}@${domain}`;
}

/** Display name + address as one header value, quoted so a name cannot add addresses. */
function mailbox(name: string, address: string) {
  return `"${name.replace(/[\\"\r\n]/g, " ")}" <${address}>`;
}

/** Stores a mail to send and its job in the caller's transaction; the worker sends it after the commit. */
export function queueMail(
  tx: Executor,
  deps: Deps,
  m: {
    companyId: number;
    kind: (typeof MAIL_KINDS)[number];
    conversationId: number | null;
    messageId?: number | null;
    candidateId?: number | null;
    userId?: number | null;
    fromName: string;
    to: string;
    subject: string;
    text: string;
    inReplyTo?: string | null;
    /** The opening its {{apply_link}} opens, when not the conversation's own. */
    openingId?: number | null;
    /** When it may leave (a throttled send spreads its mails); now by default. */
    runAt?: number;
  },
  now: number,
): number {
  const r = stmt(
    tx,
    `INSERT INTO mails (company_id, direction, kind, status, conversation_id, message_id, candidate_id, opening_id, user_id, message_id_header, in_reply_to,
       from_address, to_address, subject, text, created_at)
     VALUES (?, 'out', ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.companyId,
    m.kind,
    m.conversationId,
    m.messageId ?? null,
    m.candidateId ?? null,
    m.openingId ?? null,
    m.userId ?? null,
    newMessageId(deps.config.mailDomain),
    m.inReplyTo ?? null,
    mailbox(m.fromName, deps.config.mailFrom),
    m.to,
    m.subject.replace(/[\r\n]+/g, " ").slice(0, 300),
    m.text,
    now,
  );
  const id = Number(r.lastInsertRowid);
  enqueue(tx, { companyId: m.companyId, kind: SEND_MAIL_JOB, payload: { mailId: id }, runAt: Math.max(now, m.runAt ?? now) }, now);
  return id;
}

type OutMail = Pick<
  MailRow,
  "id" | "companyId" | "kind" | "status" | "conversationId" | "candidateId" | "openingId" | "userId" | "messageIdHeader" | "inReplyTo" | "fromAddress" | "toAddress" | "subject" | "text" | "attempts"
>;

function getMail(db: Executor, id: number): OutMail | undefined {
  return stmt(
    db,
    `SELECT id, company_id AS companyId, kind, status, conversation_id AS conversationId, candidate_id AS candidateId, opening_id AS openingId, user_id AS userId,
            message_id_header AS messageIdHeader, in_reply_to AS inReplyTo, from_address AS fromAddress, to_address AS toAddress, subject, text, attempts
       FROM mails WHERE id = ?`,
  ).get(id) as OutMail | undefined;
}

function setStatus(db: Executor, id: number, status: MailRow["status"], reason: string | null) {
  stmt(db, "UPDATE mails SET status = ?, reason = ? WHERE id = ?").run(status, reason, id);
}

/** Message-IDs of the conversation so far, for References / In-Reply-To (mail clients thread on them). */
function threadIds(db: Executor, companyId: number, conversationId: number, exceptId: number) {
  const rows = (
    stmt(
      db,
      `SELECT id, message_id_header AS header, direction FROM mails
        WHERE company_id = ? AND conversation_id = ? AND kind = 'candidate' AND status IN ('sent', 'threaded') ORDER BY id DESC LIMIT 20`,
    ).all(companyId, conversationId) as { id: number; header: string; direction: string }[]
  ).filter((r) => r.id !== exceptId);
  return { references: rows.map((r) => r.header).reverse(), lastInbound: rows.find((r) => r.direction === "in")?.header };
}

/** Fills the private links of a stored message: each delivery mints its own, stored only as hashes. */
const LINK_PLACEHOLDER_TEXT = { conversation_link: "[private conversation link]", apply_link: "[apply link]" };

/** A stored message body for screens: the link fields named, never filled. */
export function displayBody(body: string) {
  return renderText(body, LINK_PLACEHOLDER_TEXT);
}

/**
 * Decides in one transaction what happens to a queued mail: already handled (nothing), blocked because the
 * candidate opted out meanwhile, failed (no address left), or ready to send with freshly minted tokens.
 */
function prepare(tx: Tx, deps: Deps, transport: MailTransport, mailId: number): OutgoingMail | null {
  const mail = getMail(tx, mailId);
  if (!mail || (mail.status !== "queued" && mail.status !== "sending")) return null;
  const now = deps.clock.now();
  const domain = deps.config.mailDomain;
  const base = deps.config.publicUrl;
  if (mail.candidateId !== null) {
    const c = stmt(tx, "SELECT do_not_contact AS dnc FROM candidates WHERE id = ?").get(mail.candidateId) as { dnc: number } | undefined;
    if (c?.dnc) {
      setStatus(tx, mail.id, "blocked", "do_not_contact");
      return null;
    }
  }
  const from = parseMailbox(mail.fromAddress, deps.config.mailFrom);
  const out: OutgoingMail = { from, to: mail.toAddress, subject: mail.subject, text: mail.text, html: "", messageId: mail.messageIdHeader, headers: {} };
  const mint = transport.kind === "smtp";
  if (mail.kind === "candidate" && mail.conversationId !== null && mail.candidateId !== null) {
    const c = conv.getConversation(tx, mail.companyId, mail.conversationId)!;
    const ctx = conv.contextOf(tx, c)!;
    const to = conv.candidateAddress(tx, mail.companyId, mail.candidateId);
    if (!to) {
      setStatus(tx, mail.id, "failed", allBounced(tx, mail.companyId, mail.candidateId) ? "bounced" : "no_email");
      return null;
    }
    out.to = to;
    const page = mint ? randomToken(32) : "…";
    const unsub = mint ? randomToken(32) : "…";
    const reply = mint ? newReplyToken() : "…";
    if (mint) {
      conv.insertToken(tx, { companyId: mail.companyId, conversationId: c.id, kind: "page", token: page }, now);
      conv.insertToken(tx, { companyId: mail.companyId, conversationId: c.id, kind: "unsubscribe", token: unsub }, now);
      conv.insertToken(tx, { companyId: mail.companyId, conversationId: c.id, kind: "reply", token: reply }, now);
    }
    const pageUrl = `${base}/c/${page}`;
    const unsubUrl = `${base}/u/${unsub}`;
    // {{apply_link}}: the opening's Apply form, pre-filled for this person and tied to them by its own token
    // (minted only for a mail that has the placeholder). A general conversation's invitation names its opening on
    // the mail; with none, the link opens the careers page. Without SMTP the outbox is where the mail goes (an admin
    // reads it there and may pass it on), so its apply link is minted too and written into the kept mail: it only
    // pre-fills what admins already see and files an application, unlike the conversation link, which is never
    // minted into the outbox.
    const applyOpeningId = mail.openingId ?? ctx.openingId;
    const applyUrl = !mail.text.includes("{{apply_link}}")
      ? ""
      : mintApplyLink(tx, deps, { companyId: mail.companyId, candidateId: mail.candidateId, openingId: applyOpeningId }, now);
    if (applyUrl && !mint) stmt(tx, "UPDATE mails SET text = replace(text, '{{apply_link}}', ?) WHERE id = ?").run(applyUrl, mail.id);
    const links = { conversation_link: pageUrl, apply_link: applyUrl };
    // After a rejection the company can still write, but a reply is no longer read in the thread (it is kept and
    // answered with the public contact address): the mail says so instead of inviting one. The reply address
    // stays, so such a reply still reaches us and gets that answer.
    const closed = conv.isLocked(ctx);
    out.replyTo = replyAddress(reply, domain);
    const contactText = ctx.publicContactEmail ? `please write to ${ctx.publicContactEmail}` : `please contact ${ctx.companyName} directly`;
    const contactHtml = ctx.publicContactEmail
      ? `please write to <a href="mailto:${escapeHtml(ctx.publicContactEmail)}">${escapeHtml(ctx.publicContactEmail)}</a>`
      : `please contact ${escapeHtml(ctx.companyName)} directly`;
    const footText = closed
      ? `This conversation is closed: replies to it are no longer read. To get in touch, ${contactText}.\nYour conversation page: ${pageUrl}`
      : `Reply to this email, or answer on your private conversation page: ${pageUrl}`;
    const footHtml = closed
      ? `This conversation is closed: replies to it are no longer read. To get in touch, ${contactHtml}.<br>\n<a href="${escapeHtml(pageUrl)}">Your conversation page</a>.`
      : `Reply to this email, or answer on <a href="${escapeHtml(pageUrl)}">your private conversation page</a>.`;
    out.text = `${renderText(mail.text, links)}\n\n-- \n${footText}\nTo stop receiving messages from ${ctx.companyName}: ${unsubUrl}\n`;
    out.html = htmlDocument(
      `${renderHtml(mail.text, links)}\n<hr>\n<p style="color:#666;font-size:12px">${footHtml}<br>\nTo stop receiving messages from ${escapeHtml(ctx.companyName)}: <a href="${escapeHtml(unsubUrl)}">unsubscribe</a>.</p>`,
    );
    out.headers["List-Unsubscribe"] = `<${unsubUrl}>`;
    out.headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    const thread = threadIds(tx, mail.companyId, c.id, mail.id);
    out.references = thread.references;
    out.inReplyTo = thread.lastInbound;
  } else if (mail.kind === "notification" && mail.conversationId !== null && mail.userId !== null) {
    const reply = mint ? newReplyToken() : "…";
    if (mint) conv.insertToken(tx, { companyId: mail.companyId, conversationId: mail.conversationId, kind: "user_reply", userId: mail.userId, token: reply }, now);
    out.replyTo = replyAddress(reply, domain);
    out.html = htmlDocument(renderHtml(mail.text, {}));
  } else {
    // autoreply, or a notice such as a portal invitation: no reply address; marked so other robots do not answer it
    // A portal sign-in link is minted now, into what is sent (and, without SMTP, into the kept mail): see portal.links.
    const signIn = fillSignInLink(tx, deps, mail, mint, now);
    if (signIn && "refused" in signIn) {
      setStatus(tx, mail.id, "failed", signIn.refused);
      return null;
    }
    if (signIn) out.text = signIn.text;
    out.headers["Auto-Submitted"] = mail.kind === "autoreply" ? "auto-replied" : "auto-generated";
    if (mail.inReplyTo) out.inReplyTo = mail.inReplyTo;
    out.html = htmlDocument(renderHtml(out.text, {}));
  }
  stmt(tx, "UPDATE mails SET status = 'sending', attempts = ?, to_address = ? WHERE id = ?").run(mail.attempts + 1, out.to, mail.id);
  return out;
}

function htmlDocument(body: string) {
  return `<!doctype html>\n<html><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`;
}

function parseMailbox(s: string, fallback: string): { name: string; address: string } {
  const m = /^"(.*)" <([^<>]+)>$/.exec(s);
  return m ? { name: m[1]!, address: m[2]! } : { name: "", address: fallback };
}

/** The worker's handler for SEND_MAIL_JOB. A mail already sent, blocked or failed is never sent again. */
export function sendMailHandler(deps: Deps, transport: MailTransport): JobHandler {
  return async (job) => {
    const mailId = Number(job.payload.mailId);
    await whenWritable(deps.db);
    const out = deps.db.transaction((tx) => prepare(tx, deps, transport, mailId));
    if (!out) return undefined;
    try {
      await transport.send(out);
    } catch (err) {
      const code = err instanceof SmtpRejectedError ? err.code : (err as { responseCode?: number }).responseCode;
      const mail = getMail(deps.db, mailId);
      // The server answered no: a portal sign-in link minted for this attempt never left (the retry mints its own).
      if (typeof code === "number") revokeUnsentSignInLinks(deps.db, mailId, out.text, deps.clock.now());
      if (mail && typeof code === "number" && code >= 500) {
        // Hard bounce: the address is never mailed again (until cleared); this mail fails now, no retry.
        const reason = (err as Error).message.slice(0, 300);
        deps.db.transaction((tx) => {
          markBounced(tx, mail.companyId, out.to, reason, deps.clock.now());
          setStatus(tx, mailId, "failed", `bounced: ${reason}`);
        });
        throw err instanceof PermanentJobError ? err : new PermanentJobError(reason);
      }
      // Soft bounce (4xx): counted; the durable queue retries with backoff.
      if (mail && typeof code === "number" && code >= 400) countSoftBounce(deps.db, mail.companyId, out.to);
      throw err;
    }
    const status = transport.kind === "smtp" ? ("sent" as const) : ("outbox" as const);
    return (tx) =>
      stmt(tx, "UPDATE mails SET status = ?, sent_at = ?, reason = ? WHERE id = ?").run(
        status,
        deps.clock.now(),
        status === "outbox" ? "SMTP is not configured: kept, not sent" : null,
        mailId,
      );
  };
}

/** A mail whose job gave up is marked failed with the reason. */
export function mailGaveUp(tx: Tx, job: { kind: string; payload: Record<string, unknown> }, error: string) {
  if (job.kind !== SEND_MAIL_JOB) return;
  const id = Number(job.payload.mailId);
  tx.update(mails).set({ status: "failed", reason: error.slice(0, 500) }).where(and(eq(mails.id, id), inArray(mails.status, ["queued", "sending"]))).run();
}

/** Do-not-contact: every mail still waiting for this candidate is blocked now (the worker checks again at send). */
export function blockQueuedMails(tx: Executor, companyId: number, candidateId: number): number {
  return tx
    .update(mails)
    .set({ status: "blocked", reason: "do_not_contact" })
    .where(and(eq(mails.companyId, companyId), eq(mails.candidateId, candidateId), eq(mails.direction, "out"), eq(mails.status, "queued")))
    .run().changes;
}
