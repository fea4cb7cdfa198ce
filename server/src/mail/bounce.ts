import { normalizeEmail } from "@prospector/shared/normalize";
import type { Email } from "postal-mime";
import { type Executor, stmt } from "../db/client";

/**
 * Bounces: what "a valid email" means.
 * - A 5xx at SMTP send (hard) marks the address bounced (reason, date) and the mail failed.
 * - A 4xx (soft) is retried by the durable queue and only counted (candidate_emails.soft_bounces).
 * - An RFC 3464 DSN (multipart/report; report-type=delivery-status) arriving at either inbound door is
 *   recognised before any threading: each per-recipient block with Action: failed and a 5.x.x Status marks
 *   that Final-Recipient bounced in the company whose mail bounced. That company is found from the returned
 *   original (its Message-ID is one of ours, random, or its Reply-To is one of our reply addresses); a DSN
 *   naming no mail of ours changes nothing. "delayed"/4.x.x reports only count as soft bounces.
 * A bounced address is skipped by every send (the worker's address pick ignores it) until a recruiter clears it.
 */

export interface DsnRecipient {
  finalRecipient: string;
  action: string;
  status: string;
  diagnostic: string | null;
}

export interface Dsn {
  recipients: DsnRecipient[];
  /** Message-ID (bare) of the original message, from the returned headers, when present. */
  originalMessageId: string | null;
  /** Every address named in the returned headers' Reply-To / From / To (to find our reply token). */
  originalAddresses: string[];
}

/** Header fields of one RFC 822-style block (continuation lines unfolded), lower-cased names. */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  const unfolded = block.replace(/\r\n/g, "\n").replace(/\n[ \t]+/g, " ");
  for (const line of unfolded.split("\n")) {
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (m && !out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return out;
}

/** "rfc822; a@b" → "a@b" (the address-type prefix is dropped, angle brackets too). */
function addressOf(v: string | undefined): string | null {
  if (!v) return null;
  const s = v.includes(";") ? v.slice(v.indexOf(";") + 1) : v;
  return normalizeEmail(s.trim());
}

function contentText(c: string | ArrayBuffer | Uint8Array): string {
  return typeof c === "string" ? c : new TextDecoder().decode(c instanceof ArrayBuffer ? new Uint8Array(c) : c);
}

/** Parses the message/delivery-status body: a per-message block, then one block per recipient. */
export function parseDeliveryStatus(text: string): DsnRecipient[] {
  const blocks = text.replace(/\r\n/g, "\n").split(/\n\s*\n/);
  const out: DsnRecipient[] = [];
  for (const b of blocks) {
    const f = fields(b);
    const finalRecipient = addressOf(f.get("final-recipient") ?? f.get("original-recipient"));
    if (!finalRecipient) continue;
    out.push({
      finalRecipient,
      action: (f.get("action") ?? "").toLowerCase().split(/\s/)[0] ?? "",
      status: (/\d\.\d{1,3}\.\d{1,3}/.exec(f.get("status") ?? "")?.[0] ?? "").trim(),
      diagnostic: f.get("diagnostic-code")?.slice(0, 500) ?? null,
    });
  }
  return out;
}

/** The DSN in a parsed inbound email, or null when it is not a delivery-status report. */
export function parseDsn(email: Email): Dsn | null {
  const ct = email.headers.find((h) => h.key === "content-type")?.value ?? "";
  const parts = email.attachments.filter((a) => a.mimeType.toLowerCase() === "message/delivery-status");
  const isReport = /multipart\/report/i.test(ct) && /report-type\s*=\s*"?delivery-status/i.test(ct);
  if (!isReport && parts.length === 0) return null;
  // Some MTAs send more than one status part (one may be empty): every recipient block of them counts.
  const recipients = parts.flatMap((p) => parseDeliveryStatus(contentText(p.content)));
  if (recipients.length === 0) return null;
  const original = email.attachments.find((a) => /^(text\/rfc822-headers|message\/rfc822|message\/rfc822-headers)$/i.test(a.mimeType));
  let originalMessageId: string | null = null;
  const originalAddresses: string[] = [];
  if (original) {
    const head = contentText(original.content).replace(/\r\n/g, "\n").split(/\n\s*\n/)[0] ?? "";
    const f = fields(head);
    originalMessageId = f.get("message-id")?.match(/<([^<>\s]+)>/)?.[1] ?? f.get("message-id")?.trim() ?? null;
    for (const k of ["reply-to", "from", "to"]) for (const m of f.get(k)?.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []) originalAddresses.push(m);
  }
  return { recipients, originalMessageId, originalAddresses };
}

/** A permanent failure: 5.x.x with Action failed (RFC 3464 §2.3.3, RFC 3463). */
export function isHardFailure(r: DsnRecipient): boolean {
  return r.action === "failed" && r.status.startsWith("5.");
}

/** Marks an address bounced within one company (first bounce wins the date). Returns rows changed. */
export function markBounced(db: Executor, companyId: number, address: string, reason: string, now: number): number {
  const key = normalizeEmail(address);
  if (!key) return 0;
  return stmt(db, "UPDATE candidate_emails SET bounced_at = ?, bounce_reason = ? WHERE company_id = ? AND email_key = ? AND bounced_at IS NULL").run(
    now,
    reason.slice(0, 500),
    companyId,
    key,
  ).changes;
}

export function countSoftBounce(db: Executor, companyId: number, address: string): number {
  const key = normalizeEmail(address);
  if (!key) return 0;
  return stmt(db, "UPDATE candidate_emails SET soft_bounces = soft_bounces + 1 WHERE company_id = ? AND email_key = ?").run(companyId, key).changes;
}

/** A recruiter clears a bounce: the address is mailed again. */
export function clearBounce(db: Executor, companyId: number, candidateId: number, address: string): number {
  const key = normalizeEmail(address);
  if (!key) return 0;
  return stmt(db, "UPDATE candidate_emails SET bounced_at = NULL, bounce_reason = NULL, soft_bounces = 0 WHERE company_id = ? AND candidate_id = ? AND email_key = ?").run(
    companyId,
    candidateId,
    key,
  ).changes;
}

/** Whether every address of the candidate is bounced (and there is at least one): the skip reason "bounced". */
export function allBounced(db: Executor, companyId: number, candidateId: number): boolean {
  const r = stmt(db, "SELECT count(*) AS n, count(bounced_at) AS b FROM candidate_emails WHERE company_id = ? AND candidate_id = ?").get(companyId, candidateId) as {
    n: number;
    b: number;
  };
  return r.n > 0 && r.n === r.b;
}
