import { type Executor, stmt } from "../../db/client";
import { hashToken, randomToken } from "../../lib/crypto";
import type { Deps } from "../../lib/deps";

/**
 * Portal sign-in links are credentials: whoever holds one signs in as the contact. A mail that carries one is
 * queued with this placeholder in its text, beside a portal_sign_in_mails row saying what the link is for;
 * the mail queue mints the link when it sends the mail (fillSignInLink), so with SMTP the stored text (what
 * admins read in the Outbox) never holds a live link. Without SMTP the Outbox is where the mail goes (an admin
 * passes it on by hand), so the link is minted then and written into the kept mail, as an apply link is.
 * Not a template placeholder: company templates cannot use it, and a text without the row is never filled.
 */
export const SIGN_IN_LINK_FIELD = "{{portal_sign_in_link}}";

/** What mail.get shows for a link still to be minted (or minted into a mail that was sent). */
export const SIGN_IN_LINK_SHOWN = "[portal sign-in link, minted when sent]";

/** The portal's address for an agency, and the path of one of its jobs. */
export const portalUrl = (deps: Deps, slug: string) => `${deps.config.publicUrl}/portal/${encodeURIComponent(slug)}`;
export const portalJobPath = (slug: string, openingId: number) => `/portal/${encodeURIComponent(slug)}/jobs/${openingId}`;

/** Mints a single-use sign-in link (≥256-bit token, stored only as its hash) and returns its URL. */
export function mintSignInLink(
  tx: Executor,
  deps: Deps,
  r: { companyId: number; contactId: number; slug: string; openingId: number | null; ttlMs: number; mailId?: number | null },
  now: number,
): string {
  const token = randomToken();
  stmt(
    tx,
    "INSERT INTO portal_sign_in_tokens (company_id, contact_id, token_hash, next_path, created_at, expires_at, mail_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).run(r.companyId, r.contactId, hashToken(token), r.openingId ? portalJobPath(r.slug, r.openingId) : null, now, now + r.ttlMs, r.mailId ?? null);
  return `${portalUrl(deps, r.slug)}/signin#token=${token}`;
}

/** Records, beside a just-queued mail whose text has SIGN_IN_LINK_FIELD, what its link is for. */
export function recordSignInMail(tx: Executor, r: { mailId: number; companyId: number; contactId: number; openingId: number | null; ttlMs: number }) {
  stmt(tx, "INSERT INTO portal_sign_in_mails (mail_id, company_id, contact_id, opening_id, ttl_ms) VALUES (?, ?, ?, ?, ?)").run(
    r.mailId,
    r.companyId,
    r.contactId,
    r.openingId,
    r.ttlMs,
  );
}

/**
 * At send time, in the mail queue's transaction: the text to send with its sign-in link minted (null: this mail
 * carries none). `mint` is true when the mail really leaves (SMTP): the link goes only into what is sent. Without
 * SMTP it is written into the kept mail for the admin to pass on. Each attempt that sends mints its own link (the
 * token cannot be recovered from its hash); one that never went out was revoked when the server refused it
 * (revokeUnsentSignInLinks), and any other keeps its own expiry. A contact deactivated, or whose address changed,
 * since the mail was queued gets no link: the mail fails with the reason.
 */
export function fillSignInLink(
  tx: Executor,
  deps: Deps,
  mail: { id: number; companyId: number; toAddress: string; text: string },
  mint: boolean,
  now: number,
): { text: string } | { refused: string } | null {
  const p = stmt(tx, "SELECT contact_id AS contactId, opening_id AS openingId, ttl_ms AS ttlMs FROM portal_sign_in_mails WHERE mail_id = ? AND company_id = ?").get(
    mail.id,
    mail.companyId,
  ) as { contactId: number; openingId: number | null; ttlMs: number } | undefined;
  if (!p) return null;
  // Already written into a kept mail by an earlier attempt without SMTP: nothing more to mint.
  if (!mail.text.includes(SIGN_IN_LINK_FIELD)) return { text: mail.text };
  const c = stmt(
    tx,
    "SELECT c.email AS email, c.active AS active, co.slug AS slug FROM client_contacts c JOIN companies co ON co.id = c.company_id WHERE c.id = ? AND c.company_id = ?",
  ).get(p.contactId, mail.companyId) as { email: string; active: number; slug: string } | undefined;
  if (!c?.active) return { refused: "the contact is deactivated: no sign-in link sent" };
  if (c.email.toLowerCase() !== mail.toAddress.trim().toLowerCase()) return { refused: "the contact's email address has changed: no sign-in link sent" };
  const url = mintSignInLink(tx, deps, { companyId: mail.companyId, contactId: p.contactId, slug: c.slug, openingId: p.openingId, ttlMs: p.ttlMs, mailId: mail.id }, now);
  const text = mail.text.replaceAll(SIGN_IN_LINK_FIELD, url);
  if (!mint) stmt(tx, "UPDATE mails SET text = ? WHERE id = ?").run(text, mail.id);
  return { text };
}

/**
 * The receiving server refused a mail (it answered with an SMTP reply code): the sign-in link in that attempt's
 * text never left, so it stops working now instead of staying live for its lifetime beside a retry's new one.
 * Only the link of the refused text: one sent by an earlier attempt that may have arrived keeps its own expiry.
 */
export function revokeUnsentSignInLinks(db: Executor, mailId: number, sentText: string, now: number): number {
  let n = 0;
  try {
    for (const m of sentText.matchAll(/\/signin#token=([\w-]{20,200})/g)) {
      n += stmt(db, "UPDATE portal_sign_in_tokens SET expires_at = ? WHERE token_hash = ? AND mail_id = ? AND used_at IS NULL AND expires_at > ?").run(
        now,
        hashToken(m[1]!),
        mailId,
        now,
      ).changes;
    }
  } catch (err) {
    // An import holds the write lock: the link keeps its own expiry, and the mail's own failure is what is reported.
    if ((err as { code?: string }).code !== "SQLITE_BUSY") throw err;
  }
  return n;
}
