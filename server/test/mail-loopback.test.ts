import { connect } from "node:net";
import { createTransport } from "nodemailer";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../src/config";
import { MessageCollector, startSmtpListener } from "../src/mail/smtp-listener";
import { smtpTransport } from "../src/mail/transport";
import { makeWorld, type World } from "./factory";
import { withProspects, workerFor } from "./support/mail";
import { startSink } from "./support/smtp-sink";


let w: World;
let sink: Awaited<ReturnType<typeof startSink>>;
let listener: Awaited<ReturnType<typeof startSmtpListener>>;

beforeAll(async () => {
  w = await makeWorld();
  (w.deps as { config: Config }).config = { ...w.deps.config, mailDomain: "replies.acme.test", mailMaxBytes: 200_000 };
  sink = await startSink();
  listener = await startSmtpListener(w.deps, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await listener.close();
  await sink.close();
});

describe("a real mail round trip on loopback", () => {
  it("nodemailer → sink; the candidate's reply → built-in listener → the thread, once, trimmed; strangers refused at RCPT", async () => {
    const { jane } = await withProspects(w);
    const app = jane.applicationId!;
    const transport = smtpTransport(`smtp://127.0.0.1:${sink.port}`);
    const worker = workerFor(w.deps, transport);
    await w.as.recruiter.conversations.post({ applicationId: app, subject: "Backend role", body: "Hi Jane, are you open to a chat?" });
    await worker.drain();
    transport.close();
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.rcpt).toEqual(["jane@example.com"]);
    const sent = await PostalMime.parse(sink.received[0]!.raw);
    const replyAddress = sent.replyTo?.[0]?.address ?? "";
    expect(replyAddress).toMatch(/^reply\+[0-9a-f]{32}@replies\.acme\.test$/);
    expect(sent.headers.find((h) => h.key === "list-unsubscribe")?.value).toMatch(/^<http:\/\/localhost:3000\/u\//);
    expect(sent.subject).toBe("Backend role");

    // The candidate answers from their mail client, quoting the message, with a signature.
    const client = createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
    const reply = {
      from: "Jane Doe <jane@example.com>",
      to: replyAddress,
      subject: `Re: ${sent.subject}`,
      messageId: "<reply-1@mail.example.com>",
      inReplyTo: sent.messageId,
      references: [sent.messageId!],
      text: `Yes! Tuesday works for me.\n\n--\nJane Doe\nStaff Engineer\n\nOn Thu, Jan 15, 2026 at 9:00 AM Rita Recruiter <${sent.from && "address" in sent.from ? sent.from.address : ""}> wrote:\n> Hi Jane, are you open to a chat?\n`,
    };
    await client.sendMail(reply);
    await client.sendMail(reply); // the same mail again (a resend): not a second message
    const thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages.map((m) => [m.authorType, m.body])).toEqual([
      ["user", "Hi Jane, are you open to a chat?"],
      ["candidate", "Yes! Tuesday works for me."],
    ]);

    // An address that is not one of our live reply addresses is refused at RCPT TO.
    const stranger = client.sendMail({ ...reply, messageId: "<x@y>", to: "reply+ffffffffffffffffffffffffffffffff@replies.acme.test" });
    await expect(stranger).rejects.toMatchObject({ code: "EENVELOPE", responseCode: 550 });
    await expect(client.sendMail({ ...reply, messageId: "<x2@y>", to: "postmaster@replies.acme.test" })).rejects.toMatchObject({ responseCode: 550 });
    // Too big: refused.
    await expect(client.sendMail({ ...reply, messageId: "<big@y>", text: "x".repeat(300_000) })).rejects.toMatchObject({ responseCode: 552 });
    client.close();
    expect((await w.as.recruiter.conversations.get({ applicationId: app })).messages).toHaveLength(2);

    // Too big without SIZE= (a client that ignores the limit): refused with 552, and never buffered past the limit.
    const peak = new Map<MessageCollector, number>();
    const original = MessageCollector.prototype.add;
    MessageCollector.prototype.add = function (this: MessageCollector, chunk: Buffer, sizeExceeded?: boolean) {
      original.call(this, chunk, sizeExceeded);
      peak.set(this, Math.max(peak.get(this) ?? 0, this.held));
    };
    try {
      const reply3 = await rawSmtp(listener.port, replyAddress, `From: jane@example.com\r\nTo: ${replyAddress}\r\nSubject: big\r\nMessage-ID: <big-raw@y>\r\n\r\n${"x".repeat(76).concat("\r\n").repeat(13_000)}`);
      expect(reply3).toMatch(/^552 /m);
    } finally {
      MessageCollector.prototype.add = original;
    }
    expect(peak.size).toBe(1);
    expect([...peak.values()][0]).toBeLessThanOrEqual(200_000);
  });
});

/** A bare SMTP client that sends the message without SIZE= and returns the server's answer to the DATA. */
function rawSmtp(port: number, rcpt: string, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let buf = "";
    const steps = ["EHLO client.example\r\n", "MAIL FROM:<jane@example.com>\r\n", `RCPT TO:<${rcpt}>\r\n`, "DATA\r\n", `${message}\r\n.\r\n`];
    socket.setEncoding("utf8");
    socket.on("error", reject);
    socket.on("data", (d: string) => {
      buf += d;
      // Each complete reply (last line "NNN text") moves on to the next step.
      if (!/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(buf)) return;
      const reply = buf;
      buf = "";
      const step = steps.shift();
      if (step === undefined) {
        socket.end("QUIT\r\n");
        resolve(reply);
      } else socket.write(step);
    });
  });
}
