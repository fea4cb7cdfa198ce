import { createHash } from "node:crypto";
import { htmlToText } from "@prospector/shared/mail/html-to-text";
import { trimReply } from "@prospector/shared/mail/trim-reply";
import { and, eq } from "drizzle-orm";
import PostalMime, { type Email } from "postal-mime";
import { type Executor, stmt, type Tx } from "../db/client";
import { users } from "../db/schema/companies";
import { whenWritable } from "../db/write-gate";
import { mails } from "../db/schema/mail";
import { type UserActor, isAdmin } from "../lib/actor";
import type { Deps } from "../lib/deps";
import { type BusEvent, publish } from "../lib/events";
import { recordActivity } from "../modules/activities/activities.repo";
import * as conv from "../modules/conversations/conversations.repo";
import { receiveCandidateMessageTx, sendCompanyMessageTx } from "../modules/conversations/conversations.service";
import { isMember } from "../modules/openings/openings.repo";
import { countSoftBounce, type Dsn, isHardFailure, markBounced, parseDsn } from "./bounce";
import { queueMail } from "./outbound";
import { cleanFileName, DOCUMENT_MAX_BYTES, type DocumentFormat, sniffBuffer } from "../modules/documents/documents.formats";
import { addDocumentTx } from "../modules/documents/documents.service";
import { type StoredBlob, putBuffer } from "../modules/documents/documents.store";

/** What happened to an inbound message: added to a thread, kept for admins only, already had, or refused. */
export type InboundOutcome =
  | { outcome: "threaded"; mailId: number; messageId: number }
  | { outcome: "kept"; mailId: number; reason: string }
  | { outcome: "duplicate"; mailId: number }
  | { outcome: "refused"; reason: string }
  | { outcome: "bounce"; bounced: string[]; soft: string[] };

const MAX_BODY = 50_000;

/** The token of a reply address of ours (reply+<token>@MAIL_DOMAIN), or null. */
export function replyTokenOf(address: string, mailDomain: string): string | null {
  const m = /^reply\+([a-z0-9]{16,64})@([^@\s>]+)$/i.exec(address.trim().replace(/^<|>$/g, ""));
  return m && m[2]!.toLowerCase() === mailDomain.toLowerCase() ? m[1]!.toLowerCase() : null;
}

/** Whether the SMTP listener should accept a recipient: one of our live reply addresses. */
export function knownReplyAddress(deps: Deps, address: string): boolean {
  const token = replyTokenOf(address, deps.config.mailDomain);
  return token !== null && conv.findToken(deps.db, token, ["reply", "user_reply"]) !== undefined;
}

const bare = (id: string | undefined) => id?.trim().replace(/^<|>$/g, "").trim() || undefined;
const idsIn = (header: string | undefined) => (header?.match(/<[^<>\s]+>/g) ?? []).map((s) => s.slice(1, -1));

function addressesOf(email: Email): string[] {
  const out: string[] = [];
  for (const list of [email.to, email.cc, email.bcc]) {
    for (const a of list ?? []) {
      if (a.address) out.push(a.address);
      for (const g of a.group ?? []) out.push(g.address);
    }
  }
  if (email.deliveredTo) out.push(email.deliveredTo);
  return out;
}

function senderOf(email: Email): string {
  const f = email.from;
  if (!f) return "";
  return (f.address ?? f.group?.[0]?.address ?? "").toLowerCase();
}

/** Out-of-office and other robots: kept, never threaded or answered (no mail loops). */
function isAutomatic(email: Email): boolean {
  const h = (k: string) => email.headers.find((x) => x.key === k)?.value.toLowerCase().trim();
  const auto = h("auto-submitted");
  if (auto && auto !== "no") return true;
  const prec = h("precedence");
  if (prec && /^(bulk|junk|list|auto_reply)$/.test(prec)) return true;
  return email.headers.some((x) => x.key === "x-autoreply" || x.key === "x-autorespond");
}

interface Route {
  companyId: number;
  conversationId: number;
  author: { type: "candidate" } | { type: "user"; userId: number };
}

/** Which conversation (and who) a message is for: our reply address first, else the thread it answers. */
function route(db: Executor, deps: Deps, email: Email, envelopeTo: string[]): Route | null {
  let namesReplyAddress = false;
  for (const a of [...envelopeTo, ...addressesOf(email)]) {
    const token = replyTokenOf(a, deps.config.mailDomain);
    if (!token) continue;
    namesReplyAddress = true;
    const t = conv.findToken(db, token, ["reply", "user_reply"]);
    if (t) return { companyId: t.companyId, conversationId: t.conversationId, author: t.kind === "user_reply" && t.userId ? { type: "user", userId: t.userId } : { type: "candidate" } };
  }
  // Sent to reply addresses of ours that are all revoked: the revocation holds, no threading by Message-ID.
  if (namesReplyAddress) return null;
  // A client that dropped the Reply-To: our Message-IDs are random, so the thread they answer is a key too.
  for (const ref of [bare(email.inReplyTo), ...idsIn(email.references).reverse()]) {
    if (!ref) continue;
    const m = db
      .select({ companyId: mails.companyId, conversationId: mails.conversationId, kind: mails.kind, userId: mails.userId })
      .from(mails)
      .where(and(eq(mails.messageIdHeader, ref), eq(mails.direction, "out")))
      .get();
    // Only while the conversation still has a live reply address of that kind (revoking them closes this door too).
    if (m?.conversationId && hasLiveReplyToken(db, m.companyId, m.conversationId, m.kind === "notification" ? "user_reply" : "reply", m.userId)) {
      if (m.kind === "candidate") return { companyId: m.companyId, conversationId: m.conversationId, author: { type: "candidate" } };
      if (m.kind === "notification" && m.userId) return { companyId: m.companyId, conversationId: m.conversationId, author: { type: "user", userId: m.userId } };
    }
  }
  return null;
}

function hasLiveReplyToken(db: Executor, companyId: number, conversationId: number, kind: "reply" | "user_reply", userId: number | null): boolean {
  const sql =
    kind === "reply"
      ? "SELECT 1 FROM conversation_tokens WHERE company_id = ? AND conversation_id = ? AND kind = 'reply' AND revoked_at IS NULL LIMIT 1"
      : "SELECT 1 FROM conversation_tokens WHERE company_id = ? AND conversation_id = ? AND kind = 'user_reply' AND user_id IS ? AND revoked_at IS NULL LIMIT 1";
  const args = kind === "reply" ? [companyId, conversationId] : [companyId, conversationId, userId];
  return stmt(db, sql).get(...args) !== undefined;
}

function textOf(email: Email): string {
  const text = email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : "";
  return text.replace(/\r\n?/g, "\n");
}

/** The part of a reply to show: without quoted history and signature (the original stays in the raw mail). */
export function visibleReply(text: string): string {
  const t = trimReply(text);
  const shown = t.visible.trim() || t.withSignature.trim() || text.trim();
  return shown.length > MAX_BODY ? `${shown.slice(0, MAX_BODY)}…` : shown;
}

/**
 * Our private links and reply addresses, quoted back in a reply, are cut from what is stored and shown (the
 * raw message keeps them, and mail.get redacts them too): they are credentials, stored elsewhere only as hashes.
 */
export function redactPrivateLinks(text: string): string {
  return text
    .replace(/\/(c|u)\/[A-Za-z0-9_-]{40,}/g, "/$1/[private]")
    .replace(/\breply\+[0-9a-f]{32}@/gi, "reply+[private]@")
    // An apply link's token (/jobs/<company>/<opening>?t=…): it files an application as that person.
    .replace(/(\/jobs\/[^\s?#"'<>]*\?(?:[^\s#"'<>]*&)?t=)[A-Za-z0-9_-]{40,}/g, "$1[private]")
    // A portal sign-in link's token (/portal/<agency>/signin#token=…, the # perhaps percent-encoded): it signs in
    // as the client contact until used or expired.
    .replace(/(\/signin(?:#|%23|&#35;|&#x23;)token(?:=|%3D|&#61;|&#x3d;))[A-Za-z0-9_-]{20,}/gi, "$1[private]");
}

function isUniqueViolation(err: unknown) {
  return (err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** At most this many attachments of one reply are kept as documents (the raw message keeps them all). */
const MAX_KEPT_ATTACHMENTS = 20;

interface KeptAttachment {
  blob: StoredBlob;
  fileName: string;
  format: DocumentFormat;
}

/**
 * The files a candidate attached to a reply, written to the documents store (content-addressed, fsynced) before
 * the transaction that records them. Images shown inside the HTML (signature logos: related, or inline with a
 * Content-ID) are not files the candidate sent; nor are empty parts or parts over the documents' size limit.
 */
async function storeAttachments(deps: Deps, email: Email): Promise<KeptAttachment[]> {
  const out: KeptAttachment[] = [];
  for (const a of email.attachments ?? []) {
    if (out.length >= MAX_KEPT_ATTACHMENTS) break;
    if (a.related || (a.disposition !== "attachment" && a.contentId && a.mimeType.startsWith("image/"))) continue;
    if (a.mimeType === "message/delivery-status" || a.mimeType === "text/rfc822-headers") continue;
    const bytes = typeof a.content === "string" ? Buffer.from(a.content, "utf8") : Buffer.from(a.content as ArrayBuffer);
    if (bytes.length === 0 || bytes.length > DOCUMENT_MAX_BYTES) continue;
    const format: DocumentFormat = sniffBuffer(bytes) ?? "other";
    out.push({ blob: await putBuffer(deps, bytes), fileName: cleanFileName(a.filename, format), format });
  }
  return out;
}

/**
 * The files of a threaded candidate reply become documents of its candidate. They are written only now, after the
 * message is recorded, so a message kept aside (after a rejection, empty, a duplicate, a failure) leaves no file in
 * the store; the raw message (kept in mails.raw) holds them all the same, should the process stop in between. The
 * candidate is read again from the message's conversation: a merge may have moved it meanwhile.
 */
async function keepAttachments(deps: Deps, email: Email, at: { companyId: number; messageId: number; mailId: number; openingId: number | null }) {
  const files = await storeAttachments(deps, email);
  if (!files.length) return;
  await whenWritable(deps.db);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const owner = stmt(tx, "SELECT c.candidate_id AS candidateId FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.company_id = ? AND m.id = ?").get(
      at.companyId,
      at.messageId,
    ) as { candidateId: number } | undefined;
    if (!owner) return;
    for (const a of files) {
      addDocumentTx(
        tx,
        { companyId: at.companyId, candidateId: owner.candidateId, blob: a.blob, fileName: a.fileName, format: a.format, kind: "other", source: "email", messageId: at.messageId, mailId: at.mailId, openingId: at.openingId },
        now,
      );
    }
  });
  publish(deps.db, [{ type: "jobs" }]);
}

/**
 * The one inbound door behind the SMTP listener and POST /inbound/email: parse, route by reply address or
 * thread, store each Message-ID once, cut quotes and signatures, thread it (or keep it for admins after a
 * rejection and answer with the public contact address), and notify the hiring team.
 */
export async function receiveMail(deps: Deps, raw: Buffer, envelope: { to?: string[] } = {}): Promise<InboundOutcome> {
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer", maxNestingDepth: 64, maxHeadersSize: 512 * 1024 });
  } catch (err) {
    return { outcome: "refused", reason: `unparseable: ${(err as Error).message.slice(0, 100)}` };
  }
  const dsn = parseDsn(email);
  if (dsn) return receiveDsn(deps, dsn);
  const r = route(deps.db, deps, email, envelope.to ?? []);
  if (!r) return { outcome: "refused", reason: "unknown recipient" };
  // A message without a Message-ID is keyed by its content, so a resend is still recognised.
  const messageIdHeader = bare(email.messageId)?.slice(0, 500) ?? `${createHash("sha256").update(raw).digest("hex")}@no-message-id.invalid`;
  // A candidate's files are kept as their documents (not a robot's), once their message is threaded: see below.
  const keep = r.author.type === "candidate" && !isAutomatic(email) && (email.attachments?.length ?? 0) > 0;
  // Both doors (SMTP listener, webhook) come here: wait out an import's write lock instead of failing.
  await whenWritable(deps.db);
  const now = deps.clock.now();
  const events: BusEvent[] = [];
  try {
    // Where the attachments go, set only when the message is threaded as the candidate's (see after the transaction).
    let filesFor = null as { companyId: number; messageId: number; mailId: number; openingId: number | null } | null;
    const result = deps.db.transaction((tx): InboundOutcome => {
      const dup = stmt(tx, "SELECT id FROM mails WHERE company_id = ? AND message_id_header = ?").get(r.companyId, messageIdHeader) as { id: number } | undefined;
      if (dup) return { outcome: "duplicate", mailId: dup.id };
      const c = conv.getConversation(tx, r.companyId, r.conversationId)!;
      const ctx = conv.contextOf(tx, c)!;
      const from = senderOf(email);
      const fullText = redactPrivateLinks(textOf(email));
      const body = visibleReply(fullText);
      const store = (status: "threaded" | "kept", reason: string | null, userId: number | null) =>
        Number(
          stmt(
            tx,
            `INSERT INTO mails (company_id, direction, kind, status, conversation_id, candidate_id, user_id, message_id_header, in_reply_to,
               from_address, to_address, subject, text, html, raw, reason, created_at)
             VALUES (?, 'in', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            r.companyId,
            r.author.type === "user" ? "notification" : "candidate",
            status,
            c.id,
            r.author.type === "candidate" ? ctx.candidateId : null,
            userId,
            messageIdHeader,
            bare(email.inReplyTo)?.slice(0, 500) ?? null,
            from.slice(0, 320),
            (envelope.to?.length ? envelope.to : addressesOf(email)).join(", ").slice(0, 1000),
            (email.subject ?? "").slice(0, 300),
            fullText.slice(0, 200_000),
            email.html ? redactPrivateLinks(email.html.slice(0, 500_000)) : null,
            raw,
            reason,
            now,
          ).lastInsertRowid,
        );
      const linkMessage = (mailId: number, messageId: number) => stmt(tx, "UPDATE mails SET message_id = ? WHERE id = ?").run(messageId, mailId);

      if (isAutomatic(email)) return { outcome: "kept", mailId: store("kept", "automatic reply", null), reason: "automatic reply" };
      if (!body) return { outcome: "kept", mailId: store("kept", "empty message", null), reason: "empty message" };

      if (r.author.type === "user") {
        const u = tx.select().from(users).where(and(eq(users.companyId, r.companyId), eq(users.id, r.author.userId))).get();
        if (!u?.active) return { outcome: "kept", mailId: store("kept", "the user is deactivated", r.author.userId), reason: "the user is deactivated" };
        // The reply address is secret, and it must also come from the user's own mailbox.
        if (u.email.toLowerCase() !== from) return { outcome: "kept", mailId: store("kept", "sender is not the user", u.id), reason: "sender is not the user" };
        const actor: UserActor = { type: "user", userId: u.id, companyId: u.companyId, role: u.role, name: u.name };
        // A general conversation has no hiring team: any active user of the company may answer in it.
        if (ctx.kind === "application" && !isAdmin(actor) && !isMember(tx, r.companyId, ctx.openingId, u.id)) {
          return { outcome: "kept", mailId: store("kept", "the user is no longer on the hiring team", u.id), reason: "the user is no longer on the hiring team" };
        }
        if (ctx.doNotContact) return { outcome: "kept", mailId: store("kept", "the candidate asked not to be contacted", u.id), reason: "the candidate asked not to be contacted" };
        const mailId = store("threaded", null, u.id);
        // The thread's own subject, never the notification's internal one ("<name> wrote about <opening>").
        const subject = conv.threadSubject(tx, r.companyId, c.id) ?? (ctx.openingTitle ? `${ctx.openingTitle} at ${ctx.companyName}` : ctx.companyName);
        const sent = sendCompanyMessageTx(tx, deps, actor, ctx, { subject: `Re: ${subject}`, body, channel: "email" }, now);
        linkMessage(mailId, sent.messageId);
        events.push(...sent.events);
        return { outcome: "threaded", mailId, messageId: sent.messageId };
      }

      if (conv.isLocked(ctx)) {
        const mailId = store("kept", "after rejection", null);
        recordActivity(
          tx,
          { type: "candidate", companyId: r.companyId, candidateId: ctx.candidateId },
          { companyId: r.companyId, candidateId: ctx.candidateId, applicationId: ctx.applicationId, openingId: ctx.openingId, type: "conversation.reply_kept", data: { mailId } },
          now,
        );
        // One automatic answer per conversation a day: a sender that keeps writing is not answered each time.
        const recent = stmt(tx, "SELECT 1 FROM mails WHERE company_id = ? AND conversation_id = ? AND kind = 'autoreply' AND created_at > ? LIMIT 1").get(
          r.companyId,
          c.id,
          now - 24 * 3600_000,
        );
        // To the candidate's own address, never to the (forgeable) From header.
        const to = conv.candidateAddress(tx, r.companyId, ctx.candidateId);
        if (to && !recent) queueAutoreply(tx, deps, r.companyId, ctx, c.id, to, messageIdHeader, email.subject ?? "", now, events);
        return { outcome: "kept", mailId, reason: "after rejection" };
      }
      const mailId = store("threaded", null, null);
      const got = receiveCandidateMessageTx(tx, deps, r.companyId, ctx, c.id, { body, subject: email.subject ?? "", channel: "email" }, now);
      linkMessage(mailId, got.messageId);
      if (keep) filesFor = { companyId: r.companyId, messageId: got.messageId, mailId, openingId: ctx.openingId };
      events.push(...got.events);
      return { outcome: "threaded", mailId, messageId: got.messageId };
    });
    publish(deps.db, events);
    if (filesFor) {
      // The message is recorded: a failure here (a full disk) must not make the sender retry it.
      await keepAttachments(deps, email, filesFor).catch((err: unknown) => deps.log.error({ err, mailId: filesFor?.mailId }, "keeping a reply's attachments failed"));
    }
    return result;
  } catch (err) {
    // Two copies of one message arriving at once: the unique index lets only the first in.
    if (isUniqueViolation(err)) {
      const dup = deps.db.select({ id: mails.id }).from(mails).where(and(eq(mails.companyId, r.companyId), eq(mails.messageIdHeader, messageIdHeader))).get();
      if (dup) return { outcome: "duplicate", mailId: dup.id };
    }
    throw err;
  }
}

/** The answer to a reply after a rejection: the company's public contact address (the message is kept). */
function queueAutoreply(tx: Tx, deps: Deps, companyId: number, ctx: conv.ConversationContext, conversationId: number, to: string, inReplyTo: string, subject: string, now: number, events: BusEvent[]) {
  const contact = ctx.publicContactEmail
    ? `please write to ${ctx.publicContactEmail}`
    : `please contact ${ctx.companyName} directly`;
  queueMail(
    tx,
    deps,
    {
      companyId,
      kind: "autoreply",
      conversationId,
      candidateId: ctx.candidateId,
      fromName: ctx.companyName,
      to,
      subject: `Re: ${subject.replace(/^\s*(re:\s*)+/i, "")}`.slice(0, 300),
      text: `Hello,\n\nThank you for your message. This conversation${conv.aboutOpening(ctx)} is closed, so replies to it are no longer read here. If you would like to get in touch, ${contact}.\n\n${ctx.companyName}\n`,
      inReplyTo,
    },
    now,
  );
  events.push({ type: "jobs" });
}

/** The company (and mail) a DSN is about: the returned original's Message-ID of ours, else its reply address. */
function dsnOrigin(db: Executor, deps: Deps, dsn: Dsn): { companyId: number; mailId: number | null } | null {
  if (dsn.originalMessageId) {
    const m = stmt(db, "SELECT id, company_id AS companyId FROM mails WHERE message_id_header = ? AND direction = 'out'").get(dsn.originalMessageId) as
      | { id: number; companyId: number }
      | undefined;
    if (m) return { companyId: m.companyId, mailId: m.id };
  }
  for (const a of dsn.originalAddresses) {
    const token = replyTokenOf(a, deps.config.mailDomain);
    const t = token ? conv.findToken(db, token, ["reply", "user_reply"]) : undefined;
    if (t) return { companyId: t.companyId, mailId: null };
  }
  return null;
}

/** A delivery status notification: marks hard-bounced addresses, counts soft ones; never threaded. */
async function receiveDsn(deps: Deps, dsn: Dsn): Promise<InboundOutcome> {
  await whenWritable(deps.db);
  const now = deps.clock.now();
  return deps.db.transaction((tx): InboundOutcome => {
    const origin = dsnOrigin(tx, deps, dsn);
    if (!origin) return { outcome: "refused", reason: "delivery report for no mail of ours" };
    const bounced: string[] = [];
    const soft: string[] = [];
    for (const rcpt of dsn.recipients) {
      if (isHardFailure(rcpt)) {
        const reason = `${rcpt.status} ${rcpt.diagnostic ?? "delivery failed"}`.trim();
        markBounced(tx, origin.companyId, rcpt.finalRecipient, reason, now);
        bounced.push(rcpt.finalRecipient);
        if (origin.mailId !== null)
          stmt(tx, "UPDATE mails SET status = 'failed', reason = ? WHERE id = ? AND status IN ('sent', 'sending', 'queued')").run(`bounced: ${reason}`.slice(0, 500), origin.mailId);
      } else if (rcpt.action === "delayed" || rcpt.status.startsWith("4.") || (rcpt.action === "failed" && !rcpt.status)) {
        countSoftBounce(tx, origin.companyId, rcpt.finalRecipient);
        soft.push(rcpt.finalRecipient);
      }
    }
    return { outcome: "bounce", bounced, soft };
  });
}
