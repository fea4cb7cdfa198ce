import { readFileSync } from "node:fs";
import PostalMime from "postal-mime";
import { beforeEach, describe, expect, it } from "vitest";
import { stmt } from "../src/db/client";
import { parseDsn } from "../src/mail/bounce";
import { receiveMail } from "../src/mail/inbound";
import { SmtpRejectedError } from "../src/mail/transport";
import { makeWorld, type World } from "./factory";
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
