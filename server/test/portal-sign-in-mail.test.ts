import type { AddressInfo } from "node:net";
import PostalMime from "postal-mime";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { redactPrivateLinks, receiveMail } from "../src/mail/inbound";
import { outboxTransport, smtpTransport } from "../src/mail/transport";
import { getCompany } from "../src/modules/companies/companies.repo";
import { SIGN_IN_LINK_FIELD } from "../src/modules/portal/portal.links";
import { actorFromPortalSession } from "../src/modules/portal/portal.service";
import { createPortalCaller, type PortalMeta } from "../src/trpc/portal";
import { makeOpening, makeWorld, type World } from "./factory";
import { withProspects, workerFor } from "./support/mail";

/**
 * Portal sign-in links are credentials. With SMTP they are minted when the mail is sent, into what is sent only:
 * the stored mail (the admins' Outbox) never holds a live one. Without SMTP the Outbox is where the mail goes, and
 * the link is minted into the kept mail for an admin to pass on. Real SMTP on loopback: nodemailer → a sink.
 */

type SinkMode = "accept" | "refuse" | "drop";

/** An SMTP sink on loopback: keeps what it is sent; the next messages can be refused (451) or cut off unanswered. */
function startSink() {
  const received: { rcpt: string[]; raw: Buffer; answered: SinkMode }[] = [];
  const next: SinkMode[] = [];
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mode = next.shift() ?? "accept";
        received.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks), answered: mode });
        if (mode === "accept") return cb();
        if (mode === "refuse") return cb(Object.assign(new Error("Greylisted, try again later"), { responseCode: 451 }));
        // The connection drops after the whole message but before any answer: the client cannot tell if it arrived.
        const conns = (server as unknown as { connections: Set<{ session: { id: string }; _socket: { destroy(): void } }> }).connections;
        for (const c of conns) if (c.session.id === session.id) c._socket.destroy();
      });
    },
  });
  return new Promise<{ port: number; received: typeof received; next: SinkMode[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({ port: (server.server.address() as AddressInfo).port, received, next, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

let sink: Awaited<ReturnType<typeof startSink>>;
let w: World;
let slug: string;
let contactId: number;

beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(async () => {
  w = await makeWorld();
  slug = getCompany(w.deps.db, w.companyId)!.slug;
  const client = await w.as.admin.clients.create({ name: "Globex" });
  contactId = (await w.as.admin.clients.createContact({ clientId: client.id, name: "Carla Client", email: "carla@globex.test" })).id;
  sink.received.length = 0;
  sink.next.length = 0;
});

function portal(token: string | null = null) {
  const jar = { token };
  const meta: PortalMeta = {
    ip: "198.51.100.7",
    csrfOk: true,
    sessionToken: token,
    setSessionCookie: (t) => {
      jar.token = t;
    },
    clearSessionCookie: () => {
      jar.token = null;
    },
  };
  return { jar, caller: createPortalCaller({ deps: w.deps, contact: token ? actorFromPortalSession(w.deps, token) : null, meta }) };
}

/** Exchanges a link's token for a session: the session's token, or the error code. */
async function redeem(token: string): Promise<{ next: string; session: string } | { code: string }> {
  const p = portal();
  try {
    const r = await p.caller.redeemLink({ slug, token });
    return { next: r.next, session: p.jar.token! };
  } catch (err) {
    return { code: (err as { code: string }).code };
  }
}

const tokenIn = (text: string) => /\/portal\/[\w-]+\/signin#token=([\w-]{43})\b/.exec(text)?.[1];
const stored = (mailId: number) =>
  w.deps.db.$client.prepare("SELECT status, reason, text, attempts FROM mails WHERE id = ?").get(mailId) as { status: string; reason: string | null; text: string; attempts: number };
const tokenRows = (mailId: number) =>
  w.deps.db.$client.prepare("SELECT token_hash AS hash, created_at AS createdAt, expires_at AS expiresAt, used_at AS usedAt FROM portal_sign_in_tokens WHERE mail_id = ? ORDER BY id").all(mailId) as {
    hash: string;
    createdAt: number;
    expiresAt: number;
    usedAt: number | null;
  }[];
const newestMailId = () => w.deps.db.$client.prepare("SELECT max(id) FROM mails").pluck().get() as number;

/** What the sink got, parsed; each with the sign-in token it carries. */
async function delivered() {
  return Promise.all(
    sink.received.map(async (r) => {
      const m = await PostalMime.parse(r.raw);
      return { ...r, subject: m.subject ?? "", text: m.text ?? "", html: m.html ?? "", token: tokenIn(m.text ?? "") };
    }),
  );
}

describe("with SMTP: a sign-in link is minted when the mail is sent, and never kept in the stored mail", () => {
  it("an invitation and a link request: the stored text and the Outbox name a placeholder; the delivered links work once, from when they were sent", async () => {
    const opening = await makeOpening(w);
    const invite = await w.as.admin.clients.inviteContact({ contactId });
    await portal().caller.requestLink({ slug, email: "carla@globex.test", openingId: opening.id });
    const request = newestMailId();
    // Queued: a placeholder, nothing minted yet.
    for (const id of [invite.mailId, request]) {
      expect(stored(id).text).toContain(SIGN_IN_LINK_FIELD);
      expect(tokenIn(stored(id).text)).toBeUndefined();
    }
    expect(w.deps.db.$client.prepare("SELECT count(*) FROM portal_sign_in_tokens").pluck().get()).toBe(0);

    // The mail waits 10 minutes (SMTP down, a busy queue): the 15 minutes of a requested link start when it is sent.
    w.deps.clock.advance(10 * 60_000);
    const transport = smtpTransport(`smtp://127.0.0.1:${sink.port}`);
    await workerFor(w.deps, transport).drain();
    transport.close();

    const got = await delivered();
    expect(got.map((g) => [g.rcpt, g.subject])).toEqual([
      [["carla@globex.test"], "You are invited to Acme Recruiting"],
      [["carla@globex.test"], "Your sign-in link for Acme Recruiting client portal"],
    ]);
    const [inviteToken, requestToken] = got.map((g) => g.token!);
    expect(inviteToken).toBeTruthy();
    expect(requestToken).toBeTruthy();
    expect(inviteToken).not.toBe(requestToken);
    expect(got[1]!.html).toContain(`/portal/${slug}/signin#token=${requestToken}`);

    // Sent, and the stored text (what mail.get and mail.list show an admin) still has only the placeholder.
    for (const id of [invite.mailId, request]) {
      expect(stored(id)).toMatchObject({ status: "sent", attempts: 1 });
      expect(stored(id).text).toContain(SIGN_IN_LINK_FIELD);
      const shown = await w.as.admin.mail.get({ mailId: id });
      expect(shown.text).toContain("[portal sign-in link, minted when sent]");
      expect(shown.text).not.toContain("token=");
    }
    const everything = JSON.stringify([await w.as.admin.mail.list({ direction: "out" }), w.deps.db.$client.prepare("SELECT * FROM mails").all(), w.deps.db.$client.prepare("SELECT * FROM jobs").all()]);
    for (const t of [inviteToken!, requestToken!]) expect(everything).not.toContain(t);
    // Stored only as hashes, one per mail.
    expect(tokenRows(invite.mailId)).toHaveLength(1);
    expect(tokenRows(request)).toHaveLength(1);
    expect(tokenRows(request)[0]!.hash).not.toBe(requestToken);
    expect(tokenRows(request)[0]!.expiresAt - w.deps.clock.now()).toBe(15 * 60_000);

    // The requested link: 14 minutes after it was sent it still works (24 after it was asked for), once, and lands on the job.
    w.deps.clock.advance(14 * 60_000);
    const first = await redeem(requestToken!);
    expect(first).toMatchObject({ next: `/portal/${slug}/jobs/${opening.id}` });
    expect((await portal((first as { session: string }).session).caller.me()).email).toBe("carla@globex.test");
    expect(await redeem(requestToken!)).toEqual({ code: "UNAUTHORIZED" });
    // The invitation's link works for 72 hours from sending, once.
    w.deps.clock.advance(71 * 3600_000);
    expect(await redeem(inviteToken!)).toMatchObject({ next: `/portal/${slug}` });
    expect(await redeem(inviteToken!)).toEqual({ code: "UNAUTHORIZED" });
  });

  it("a requested link sent and not used stops working 15 minutes after it was sent", async () => {
    await portal().caller.requestLink({ slug, email: "carla@globex.test" });
    const transport = smtpTransport(`smtp://127.0.0.1:${sink.port}`);
    await workerFor(w.deps, transport).drain();
    transport.close();
    const [got] = await delivered();
    w.deps.clock.advance(15 * 60_000);
    expect(await redeem(got!.token!)).toEqual({ code: "UNAUTHORIZED" });
  });

  it("a contact deactivated, or whose address changed, after the mail was queued gets no link: the mail fails with the reason", async () => {
    const deactivated = (await w.as.admin.clients.inviteContact({ contactId })).mailId;
    const moved = (await w.as.admin.clients.inviteContact({ contactId })).mailId;
    await w.as.admin.clients.updateContact({ contactId, active: false });
    const transport = smtpTransport(`smtp://127.0.0.1:${sink.port}`);
    const worker = workerFor(w.deps, transport);
    await worker.drain();
    expect(stored(deactivated)).toMatchObject({ status: "failed", reason: "the contact is deactivated: no sign-in link sent" });
    await w.as.admin.clients.updateContact({ contactId, active: true, email: "carla@newco.test" });
    w.deps.db.$client.prepare("UPDATE mails SET status = 'queued' WHERE id = ?").run(moved);
    w.deps.db.$client.prepare("UPDATE jobs SET status = 'pending', locked_until = NULL, run_at = 0 WHERE payload ->> 'mailId' = ?").run(moved);
    await worker.drain();
    transport.close();
    expect(stored(moved)).toMatchObject({ status: "failed", reason: "the contact's email address has changed: no sign-in link sent" });
    expect(sink.received).toHaveLength(0);
    expect(w.deps.db.$client.prepare("SELECT count(*) FROM portal_sign_in_tokens").pluck().get()).toBe(0);
  });
});

describe("the mail queue's retries", () => {
  it("the server refuses the first attempt (451): its link is revoked at once; the retry sends a new working one", async () => {
    await portal().caller.requestLink({ slug, email: "carla@globex.test" });
    const mailId = newestMailId();
    sink.next.push("refuse");
    const transport = smtpTransport(`smtp://127.0.0.1:${sink.port}`);
    const worker = workerFor(w.deps, transport);
    await worker.drain();
    expect(stored(mailId)).toMatchObject({ status: "sending", attempts: 1 });
    // Nothing more is minted while the mail waits for its retry.
    await worker.drain();
    expect(tokenRows(mailId)).toHaveLength(1);
    w.deps.clock.advance(30_000);
    await worker.drain();
    transport.close();
    const [refused, accepted] = await delivered();
    expect([refused!.answered, accepted!.answered]).toEqual(["refuse", "accept"]);
    expect(stored(mailId)).toMatchObject({ status: "sent", attempts: 2 });
    expect(tokenRows(mailId)).toHaveLength(2);
    expect(await redeem(refused!.token!)).toEqual({ code: "UNAUTHORIZED" });
    expect(await redeem(accepted!.token!)).toMatchObject({ next: `/portal/${slug}` });
    expect(stored(mailId).text).toContain(SIGN_IN_LINK_FIELD);
  });

  it("the connection drops before an answer (the mail may have arrived): the first link keeps its own expiry, not extended by the retry", async () => {
    await portal().caller.requestLink({ slug, email: "carla@globex.test" });
    const mailId = newestMailId();
    sink.next.push("drop");
    const transport = smtpTransport(`smtp://127.0.0.1:${sink.port}`);
    const worker = workerFor(w.deps, transport);
    await worker.drain();
    expect(stored(mailId)).toMatchObject({ status: "sending", attempts: 1 });
    const sentAt = w.deps.clock.now();
    w.deps.clock.advance(30_000);
    await worker.drain();
    transport.close();
    const [dropped, accepted] = await delivered();
    expect([dropped!.answered, accepted!.answered]).toEqual(["drop", "accept"]);
    const rows = tokenRows(mailId);
    expect(rows.map((r) => r.expiresAt)).toEqual([sentAt + 15 * 60_000, sentAt + 30_000 + 15 * 60_000]);
    // Just after the first link's 15 minutes: it is refused, the retry's still works.
    w.deps.clock.t = sentAt + 15 * 60_000;
    expect(await redeem(dropped!.token!)).toEqual({ code: "UNAUTHORIZED" });
    expect(await redeem(accepted!.token!)).toMatchObject({ next: `/portal/${slug}` });
  });
});

describe("without SMTP: the Outbox is where the mail goes", () => {
  it("the link is minted when the mail is kept and written into it; an admin reads a working, single-use link in mail.get", async () => {
    const invite = await w.as.admin.clients.inviteContact({ contactId });
    expect((await w.as.admin.mail.get({ mailId: invite.mailId })).text).toContain("[portal sign-in link, minted when sent]");
    const worker = workerFor(w.deps, outboxTransport);
    await worker.drain();
    expect(stored(invite.mailId).status).toBe("outbox");
    const shown = await w.as.admin.mail.get({ mailId: invite.mailId });
    const token = tokenIn(shown.text);
    expect(token).toBeTruthy();
    expect(shown.text).not.toContain(SIGN_IN_LINK_FIELD);
    expect(tokenRows(invite.mailId)).toHaveLength(1);
    // A job run again by mistake mints nothing more.
    w.deps.db.$client.prepare("UPDATE mails SET status = 'queued' WHERE id = ?").run(invite.mailId);
    w.deps.db.$client.prepare("UPDATE jobs SET status = 'pending', locked_until = NULL").run();
    await worker.drain();
    expect(tokenRows(invite.mailId)).toHaveLength(1);
    expect(tokenIn(stored(invite.mailId).text)).toBe(token);
    expect(await redeem(token!)).toMatchObject({ next: `/portal/${slug}` });
    expect(await redeem(token!)).toEqual({ code: "UNAUTHORIZED" });
  });
});

describe("a sign-in link quoted back in an inbound reply", () => {
  it("is redacted in the stored text and HTML, the thread, and what mail.get and mail.list show", async () => {
    await w.as.admin.clients.inviteContact({ contactId });
    await workerFor(w.deps, outboxTransport).drain();
    const link = /https?:\/\/\S+\/signin#token=[\w-]{43}/.exec(stored(newestMailId()).text)![0];
    const token = tokenIn(link)!;
    // A candidate's reply that quotes it (forwarded to them, pasted in a note): text and HTML.
    const { jane } = await withProspects(w);
    await w.as.recruiter.conversations.post({ applicationId: jane.applicationId!, subject: "Hello", body: "Are you open to a chat?" });
    const transport = smtpTransport(`smtp://127.0.0.1:${sink.port}`);
    await workerFor(w.deps, transport).drain();
    transport.close();
    const out = await PostalMime.parse(sink.received.at(-1)!.raw);
    const raw = Buffer.from(
      [
        "From: Jane Doe <jane@example.com>",
        `To: ${out.replyTo![0]!.address}`,
        "Subject: Re: Hello",
        "Message-ID: <quote-1@client.example>",
        `In-Reply-To: ${out.messageId}`,
        "MIME-Version: 1.0",
        'Content-Type: multipart/alternative; boundary="b"',
        "",
        "--b",
        "Content-Type: text/plain; charset=utf-8",
        "",
        `Yes. My friend at Globex sent me this, is it yours? ${link}`,
        "--b",
        "Content-Type: text/html; charset=utf-8",
        "",
        `<p>Yes. My friend at Globex sent me <a href="${link}">this</a>, and <a href="${link.replace("#", "%23")}">this</a>.</p>`,
        "--b--",
        "",
      ].join("\r\n"),
    );
    expect((await receiveMail(w.deps, raw)).outcome).toBe("threaded");
    const row = w.deps.db.$client.prepare("SELECT id, text, html FROM mails WHERE direction = 'in'").get() as { id: number; text: string; html: string };
    expect(row.text).toContain("/signin#token=[private]");
    expect(row.html).toContain("/signin#token=[private]");
    expect(row.html).toContain("/signin%23token=[private]");
    const shown = await w.as.admin.mail.get({ mailId: row.id });
    const thread = await w.as.recruiter.conversations.get({ applicationId: jane.applicationId! });
    const list = await w.as.admin.mail.list({ direction: "in" });
    for (const s of [row.text, row.html, shown.text, shown.headers ?? "", JSON.stringify(thread), JSON.stringify(list)]) expect(s).not.toContain(token);
    expect(thread.messages.at(-1)!.body).toContain("signin#token=[private]");
  });

  it("redactPrivateLinks: plain, percent-encoded and HTML-entity forms; other links are left alone", () => {
    const t = "A".repeat(43);
    expect(redactPrivateLinks(`https://x.test/portal/acme/signin#token=${t} ok`)).toBe("https://x.test/portal/acme/signin#token=[private] ok");
    expect(redactPrivateLinks(`https://x.test/portal/acme/signin%23token%3D${t}`)).toBe("https://x.test/portal/acme/signin%23token%3D[private]");
    expect(redactPrivateLinks(`/portal/acme/signin&#35;token=${t}"`)).toBe('/portal/acme/signin&#35;token=[private]"');
    expect(redactPrivateLinks("https://x.test/portal/acme/jobs/4 and /portal/acme/signin")).toBe("https://x.test/portal/acme/jobs/4 and /portal/acme/signin");
  });
});
