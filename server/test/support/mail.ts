import type { DB } from "../../src/db/client";
import { writeLockHeldElsewhere } from "../../src/db/write-gate";
import { JobWorker } from "../../src/jobs/worker";
import { mailGaveUp, SEND_MAIL_JOB, sendMailHandler } from "../../src/mail/outbound";
import type { MailTransport, OutgoingMail } from "../../src/mail/transport";
import { REMINDER_JOB, reminderHandler } from "../../src/modules/conversations/conversations.service";
import type { Deps } from "../../src/lib/deps";
import { draft, makeOpening, newRequestId, type World } from "../factory";

/** A transport that records what it would have sent; `fail` makes the next sends throw. */
export class FakeTransport implements MailTransport {
  readonly kind = "smtp" as const;
  sent: OutgoingMail[] = [];
  failures: Error[] = [];
  hang = false;
  async send(m: OutgoingMail) {
    const f = this.failures.shift();
    if (f) throw f;
    if (this.hang) return new Promise<void>(() => {});
    this.sent.push(m);
  }
  close() {}
}

export function workerFor(deps: Deps, transport: MailTransport, opts: { leaseMs?: number } = {}) {
  return new JobWorker(deps, { [SEND_MAIL_JOB]: sendMailHandler(deps, transport), [REMINDER_JOB]: reminderHandler(deps) }, { onGiveUp: mailGaveUp, ...opts });
}

/** An opening (recruiter on its team) with prospects: Jane (email), Nomail (none). */
export async function withProspects(w: World) {
  const o = await makeOpening(w);
  const add = (fullName: string, emails: string[] = []) =>
    w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName, emails, profileUrl: `https://www.linkedin.com/in/${fullName.toLowerCase().replace(/\W+/g, "-")}` }) });
  const jane = await add("Jane Doe", ["jane@example.com"]);
  const nomail = await add("Nora Nomail");
  return { opening: o, jane, nomail, add };
}

/** Replies to an outgoing mail the way a mail client would (quoting it under the answer). */
export function replyTo(m: OutgoingMail, body: string, opts: { messageId?: string; from?: string; headers?: string } = {}) {
  return Buffer.from(
    [
      `From: ${opts.from ?? m.to}`,
      `To: ${m.replyTo}`,
      `Subject: Re: ${m.subject}`,
      `Message-ID: <${opts.messageId ?? `${Math.random().toString(36).slice(2)}@client.example`}>`,
      `In-Reply-To: <${m.messageId}>`,
      `Date: Thu, 15 Jan 2026 10:00:00 +0000`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      ...(opts.headers ? [opts.headers] : []),
      "",
      body,
      "",
      `On Thu, 15 Jan 2026 at 09:00, ${m.from.name} <${m.from.address}> wrote:`,
      ...m.text.split("\n").map((l) => `> ${l}`),
      "",
    ].join("\r\n"),
  );
}

/**
 * Makes the in-memory database behave like the real one while an import holds SQLite's write lock
 * (holdWriteLock): a write transaction on the main connection fails at once with SQLITE_BUSY. Returns the undo.
 */
export function busyWhileLocked(db: DB): () => void {
  const original = db.transaction;
  db.transaction = ((...args: Parameters<DB["transaction"]>) => {
    if (writeLockHeldElsewhere(db)) throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    return original.apply(db, args);
  }) as DB["transaction"];
  return () => {
    db.transaction = original;
  };
}
