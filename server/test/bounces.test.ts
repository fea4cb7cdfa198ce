import { readFileSync } from "node:fs";
import PostalMime from "postal-mime";
import { beforeEach, describe, expect, it } from "vitest";
import { stmt } from "../src/db/client";
import { parseDsn } from "../src/mail/bounce";
import { receiveMail } from "../src/mail/inbound";
import { SmtpRejectedError } from "../src/mail/transport";
import type { AddressInfo } from "node:net";
import { createTransport } from "nodemailer";
import { createApp } from "../src/app";
import type { Config } from "../src/config";
import { markBounced } from "../src/mail/bounce";
import { INBOUND_SECRET_HEADER } from "../src/mail/routes";
import { startSmtpListener } from "../src/mail/smtp-listener";
import { draft, makeWorld, snapshot, type World } from "./factory";
import { FakeTransport, withProspects, workerFor } from "./support/mail";

// Real DSNs from the mikel/mail corpus (MIT), read in place at test time, never copied into the repo.
const CORPUS = "/work/shared/conformance/mikel-mail/spec/fixtures/emails/multipart_report_emails";
const sample = (f: string) => PostalMime.parse(readFileSync(`${CORPUS}/${f}`), { attachmentEncoding: "utf8" });

const emailRow = (w: World, address: string) =>
  stmt(w.deps.db, "SELECT bounced_at AS bouncedAt, bounce_reason AS reason, soft_bounces AS soft FROM candidate_emails WHERE email = ?").get(address) as {
    bouncedAt: number | null;
    reason: string | null;
    soft: number;
  };

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});

describe("DSN parsing (RFC 3464)", () => {
  it("reads Final-Recipient, Action, Status and Diagnostic-Code of real reports", async () => {
    const d530 = parseDsn(await sample("report_530.eml"))!;
    expect(d530.recipients).toEqual([{ finalRecipient: "edwin@zzzzzzz.com", action: "failed", status: "5.3.0", diagnostic: expect.stringContaining("Unknown E-Mail Address") }]);
    expect(d530.originalMessageId).toBeTruthy();
    const d422 = parseDsn(await sample("report_422.eml"))!;
    expect(d422.recipients[0]!.status).toMatch(/^4\./);
    const multi = parseDsn(await sample("multipart_report_multiple_status.eml"))!;
    expect(multi.recipients).toContainEqual(expect.objectContaining({ finalRecipient: "u@ci.com", action: "failed", status: "5.3.0" }));
  });

  it("an ordinary mail is not a DSN", async () => {
    const e = await PostalMime.parse(Buffer.from("From: a@b.c\r\nTo: d@e.f\r\nSubject: hi\r\n\r\nhello\r\n"));
    expect(parseDsn(e)).toBeNull();
  });
});

describe("bounces", () => {
  it("a 5xx at send marks the address bounced and the mail failed; the next mail skips it as bounced", async () => {
    const { jane } = await withProspects(w);
    const t = new FakeTransport();
    t.failures.push(new SmtpRejectedError(550, "SMTP 550: 5.1.1 mailbox unavailable"));
    const worker = workerFor(w.deps, t);
    await w.as.recruiter.conversations.post({ applicationId: jane.applicationId!, subject: "Hello", body: "Hi Jane" });
    await worker.drain();
    expect(t.sent).toHaveLength(0);
    const row = emailRow(w, "jane@example.com");
    expect(row.bouncedAt).not.toBeNull();
    expect(row.reason).toContain("550");
    const mail = stmt(w.deps.db, "SELECT status, reason FROM mails WHERE direction = 'out' ORDER BY id").all() as { status: string; reason: string }[];
    expect(mail[0]).toMatchObject({ status: "failed", reason: expect.stringContaining("bounced") });
    await w.as.recruiter.conversations.post({ applicationId: jane.applicationId!, subject: "Again", body: "Hi again" });
    await worker.drain();
    expect(t.sent).toHaveLength(0);
    const sentAny = stmt(w.deps.db, "SELECT count(*) AS n FROM mails WHERE direction = 'out' AND status IN ('sent', 'queued', 'sending')").get() as { n: number };
    expect(sentAny.n).toBe(0);
  });

  it("a 4xx is retried and only counted", async () => {
    const { jane } = await withProspects(w);
    const t = new FakeTransport();
    t.failures.push(Object.assign(new Error("451 try later"), { responseCode: 451 }));
    const worker = workerFor(w.deps, t);
    await w.as.recruiter.conversations.post({ applicationId: jane.applicationId!, subject: "Hello", body: "Hi Jane" });
    await worker.drain();
    const row = emailRow(w, "jane@example.com");
    expect(row.soft).toBe(1);
    expect(row.bouncedAt).toBeNull();
    // The durable queue holds it for a retry after its backoff: pending, one attempt, due later, not failed.
    const job = stmt(w.deps.db, "SELECT status, attempts, run_at AS runAt, last_error AS lastError FROM jobs WHERE kind = 'mail.send'").get() as {
      status: string;
      attempts: number;
      runAt: number;
      lastError: string;
    };
    expect(job).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("451") });
    expect(job.runAt).toBeGreaterThan(w.deps.clock.now());
    expect((stmt(w.deps.db, "SELECT status FROM mails WHERE direction = 'out'").get() as { status: string }).status).toBe("sending");
    // When it is due the mail goes, and the address was never marked bounced.
    w.deps.clock.t = job.runAt;
    await worker.drain();
    expect(t.sent).toHaveLength(1);
    expect((stmt(w.deps.db, "SELECT status FROM mails WHERE direction = 'out'").get() as { status: string }).status).toBe("sent");
  });

  it("a DSN at the inbound door marks the address bounced instead of threading it", async () => {
    const { jane } = await withProspects(w);
    const t = new FakeTransport();
    const worker = workerFor(w.deps, t);
    await w.as.recruiter.conversations.post({ applicationId: jane.applicationId!, subject: "Hello", body: "Hi Jane" });
    await worker.drain();
    const sent = t.sent[0]!;
    const boundary = "dsn-boundary-1";
    const raw = Buffer.from(
      [
        "From: MAILER-DAEMON@mx.example.com",
        `To: ${w.deps.config.mailFrom}`,
        "Subject: Undelivered Mail Returned to Sender",
        "Message-ID: <dsn-1@mx.example.com>",
        "MIME-Version: 1.0",
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        "",
        `--${boundary}`,
        "Content-Type: text/plain",
        "",
        "Your message could not be delivered.",
        `--${boundary}`,
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example.com",
        "",
        "Final-Recipient: rfc822; jane@example.com",
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown",
        "",
        `--${boundary}`,
        "Content-Type: text/rfc822-headers",
        "",
        `Message-ID: <${sent.messageId}>`,
        `Reply-To: ${sent.replyTo}`,
        "Subject: Hello",
        "",
        `--${boundary}--`,
        "",
      ].join("\r\n"),
    );
    const r = await receiveMail(w.deps, raw);
    expect(r).toEqual({ outcome: "bounce", bounced: ["jane@example.com"], soft: [] });
    expect(emailRow(w, "jane@example.com").reason).toContain("5.1.1");
    const thread = await w.as.recruiter.conversations.get({ applicationId: jane.applicationId! });
    expect(JSON.stringify(thread)).not.toContain("could not be delivered");
  });
});

describe("a recruiter clears a bounce", () => {
  it("the address is mailed again; the page shows why and when it bounced until then; another company cannot", async () => {
    const { jane } = await withProspects(w);
    markBounced(w.deps.db, w.companyId, "jane@example.com", "550 5.1.1 mailbox unavailable", w.deps.clock.now());
    const before = (await w.as.recruiter.candidates.get({ candidateId: jane.candidateId })).candidate!;
    const email = before.emails[0]!;
    expect(email).toMatchObject({ email: "jane@example.com", bounced: true, bouncedAt: w.deps.clock.now(), bounceReason: "550 5.1.1 mailbox unavailable" });
    const s0 = snapshot(w.deps.db);
    await expect(w.as.otherCompany.candidates.clearBounce({ candidateId: jane.candidateId, emailId: email.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(snapshot(w.deps.db)).toBe(s0);
    // An address of someone else is not this candidate's.
    const other = await w.as.recruiter.candidates.create({ draft: draft({ fullName: "Other One", emails: ["other@example.com"] }) });
    const otherEmail = (await w.as.recruiter.candidates.get({ candidateId: other.candidateId })).candidate!.emails[0]!;
    await expect(w.as.recruiter.candidates.clearBounce({ candidateId: jane.candidateId, emailId: otherEmail.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    w.deps.clock.advance(60_000);
    const after = await w.as.recruiter.candidates.clearBounce({ candidateId: jane.candidateId, emailId: email.id });
    expect(after.candidate!.emails[0]).toMatchObject({ bounced: false, bouncedAt: null, bounceReason: null });
    expect(after.candidate!.timeline[0]).toMatchObject({ type: "candidate.bounce_cleared", data: { email: "jane@example.com", reason: "550 5.1.1 mailbox unavailable" } });
    const t = new FakeTransport();
    await w.as.recruiter.conversations.post({ applicationId: jane.applicationId!, body: "Hi again" });
    await workerFor(w.deps, t).drain();
    expect(t.sent.map((m) => m.to)).toEqual(["jane@example.com"]);
  });
});

/** A DSN as an MTA returns it for one of our sent mails (RFC 3464: multipart/report, the original's headers attached). */
function dsnFor(sent: { messageId: string; replyTo?: string }, to: string, recipient: string, status = "5.1.1") {
  const boundary = "dsn-doors-1";
  return [
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>",
    `To: ${to}`,
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: <dsn-${Math.random().toString(36).slice(2)}@mx.example.com>`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain",
    "",
    "I'm sorry to have to inform you that your message could not be delivered.",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example.com",
    "",
    `Final-Recipient: rfc822; ${recipient}`,
    `Action: ${status.startsWith("5") ? "failed" : "delayed"}`,
    `Status: ${status}`,
    `Diagnostic-Code: smtp; 550 ${status} <${recipient}>: Recipient address rejected: User unknown`,
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    `Message-ID: <${sent.messageId}>`,
    ...(sent.replyTo ? [`Reply-To: ${sent.replyTo}`] : []),
    "Subject: Hello",
    "",
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

describe("DSNs through both inbound doors, end to end", () => {
  it("POST /inbound/email and the SMTP listener (a real SMTP client, to our envelope sender) each mark the address bounced", async () => {
    const SECRET = "d".repeat(40);
    (w.deps as { config: Config }).config = { ...w.deps.config, inboundEmailSecret: SECRET };
    const { add, opening } = await withProspects(w);
    const ann = await add("Ann Http", ["ann.http@example.com"]);
    const bob = await add("Bob Smtp", ["bob.smtp@example.com"]);
    const t = new FakeTransport();
    const worker = workerFor(w.deps, t);
    await w.as.recruiter.conversations.post({ applicationId: ann.applicationId!, body: "Hi Ann" });
    await w.as.recruiter.conversations.post({ applicationId: bob.applicationId!, body: "Hi Bob" });
    await worker.drain();
    const toAnn = t.sent.find((m) => m.to === "ann.http@example.com")!;
    const toBob = t.sent.find((m) => m.to === "bob.smtp@example.com")!;

    const server = createApp(w.deps).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const listener = await startSmtpListener(w.deps, { port: 0, host: "127.0.0.1" });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/inbound/email`, {
        method: "POST",
        headers: { "content-type": "message/rfc822", [INBOUND_SECRET_HEADER]: SECRET },
        body: dsnFor(toAnn, w.deps.config.mailFrom, "ann.http@example.com"),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ outcome: "bounce", bounced: ["ann.http@example.com"], soft: [] });

      // The bounce comes back to the envelope sender (MAIL_FROM), which the listener accepts for that.
      const client = createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
      const info = await client.sendMail({
        envelope: { from: "", to: [w.deps.config.mailFrom] },
        raw: dsnFor(toBob, w.deps.config.mailFrom, "bob.smtp@example.com"),
      });
      client.close();
      expect(info.accepted).toEqual([w.deps.config.mailFrom]);
    } finally {
      await listener.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
    for (const address of ["ann.http@example.com", "bob.smtp@example.com"]) {
      expect(emailRow(w, address)).toMatchObject({ bouncedAt: w.deps.clock.now(), reason: expect.stringContaining("5.1.1") });
    }
    // Their sent mails show as bounced; nothing was threaded; the next mail to them is not sent.
    const statuses = stmt(w.deps.db, "SELECT to_address AS t, status, reason FROM mails WHERE direction = 'out' ORDER BY id").all() as { t: string; status: string; reason: string }[];
    expect(statuses.filter((m) => m.t !== "jane@example.com")).toEqual([
      { t: "ann.http@example.com", status: "failed", reason: expect.stringMatching(/^bounced: 5\.1\.1/) },
      { t: "bob.smtp@example.com", status: "failed", reason: expect.stringMatching(/^bounced: 5\.1\.1/) },
    ]);
    expect((await w.as.recruiter.conversations.get({ applicationId: ann.applicationId! })).messages).toHaveLength(1);
    const search = await w.as.recruiter.reengage.search({ filters: { validEmail: true, pastOpeningIds: [opening.id] } });
    expect(search.items.map((i) => i.fullName)).toEqual(["Jane Doe"]);
    // A delayed (4.x.x) report only counts.
    const later = await receiveMail(w.deps, Buffer.from(dsnFor(t.sent.find((m) => m.to === "jane@example.com") ?? toAnn, w.deps.config.mailFrom, "jane@example.com", "4.4.1")));
    expect(later).toMatchObject({ outcome: "bounce", bounced: [] });
  });
});
