// Mail section of the benchmark: inbound replies through POST /inbound/email on the real server (parse,
// trim, thread, store, notify the team), and the outbound queue draining into a loopback SMTP sink.
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { openDatabase } from "../src/db/client";
import { JobWorker } from "../src/jobs/worker";
import type { UserActor } from "../src/lib/actor";
import { SEND_MAIL_JOB, sendMailHandler } from "../src/mail/outbound";
import { type MailTransport, type OutgoingMail, smtpTransport } from "../src/mail/transport";
import { addProspect } from "../src/modules/candidates/intake.service";
import { createCompany } from "../src/modules/companies/companies.service";
import { postMessage } from "../src/modules/conversations/conversations.service";
import { createOpening } from "../src/modules/openings/openings.service";
import { type CannonResult, cannon, startServer } from "./http";
import { progress } from "./report";
import { benchDeps, DB_FILE_NAME } from "./seed";

const SECRET = "bench-inbound-secret-0123456789abcdef";

export interface MailBenchResult {
  inbound: CannonResult;
  threaded: number;
  outbound: { mails: number; ms: number; received: number; failed: number };
}

/** A company with `people` prospects, each sent one message (so each has a live reply address). */
async function prepare(dir: string, people: number) {
  const db = openDatabase(path.join(dir, DB_FILE_NAME));
  const deps = benchDeps(dir, db);
  const { companyId, userId } = await createCompany(deps, { name: "Mail Bench", admin: { email: "mail-bench@bench.example.com", name: "Mia Bench", password: "bench-password-123" } });
  const actor: UserActor = { type: "user", userId, companyId, role: "super_admin", name: "Mia Bench" };
  const openingId = createOpening(deps, actor, { title: "Mail bench opening", prospectingEnabled: true });
  const apps: number[] = [];
  for (let i = 0; i < people; i++) {
    const r = addProspect(deps, actor, {
      requestId: `mail-bench-${i}`,
      openingId,
      draft: { fullName: `Reply Person ${i}`, emails: [`reply.person.${i}@bench.example.com`], phones: [], links: [], skills: [], headline: "", summary: "", title: "", company: "", location: "" },
    });
    apps.push(r.applicationId!);
  }
  return { db, deps, actor, apps };
}

function replyBody(m: OutgoingMail, id: string) {
  return [
    `From: ${m.to}`,
    `To: ${m.replyTo}`,
    `Subject: Re: ${m.subject}`,
    `Message-ID: <${id}@client.bench.example.com>`,
    `In-Reply-To: <${m.messageId}>`,
    "Date: Thu, 15 Jan 2026 10:00:00 +0000",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Thanks for reaching out! Yes, I am interested. Could we talk on Tuesday or Wednesday afternoon?",
    "",
    "Best regards,",
    "Reply Person",
    "Senior Engineer | +420 777 123 456",
    "",
    `On Thu, 15 Jan 2026 at 09:00, ${m.from.name} <${m.from.address}> wrote:`,
    ...m.text.split("\n").map((l) => `> ${l}`),
    "",
  ].join("\r\n");
}

function startSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _s, cb) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        cb();
      });
    },
  });
  return new Promise<{ port: number; count: () => number; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ port: (server.server.address() as AddressInfo).port, count: () => received, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

export async function benchMail(dir: string, opts: { durationS: number; warmupS: number; connections: number; people: number; outboundMails: number }): Promise<MailBenchResult> {
  progress(`mail: preparing ${opts.people} conversations`);
  const { db, deps, actor, apps } = await prepare(dir, opts.people);
  for (const a of apps) postMessage(deps, actor, { applicationId: a, body: "Hi! Would you be open to a chat about our opening?" });
  const sent: OutgoingMail[] = [];
  const capture: MailTransport = { kind: "smtp", send: async (m) => void sent.push(m), close() {} };
  await new JobWorker(deps, { [SEND_MAIL_JOB]: sendMailHandler(deps, capture) }).drain();
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();

  // Inbound: the real server (child process) takes raw replies over HTTP; its worker files the team's
  // notification mails in the outbox meanwhile.
  progress("mail: starting the server for inbound replies");
  const server = await startServer(dir, [], { INBOUND_EMAIL_SECRET: SECRET });
  let n = 0;
  const run = Date.now().toString(36);
  const body = () => {
    const m = sent[n % sent.length]!;
    n++;
    return replyBody(m, `${run}-${n}`);
  };
  let inbound: CannonResult;
  try {
    const probe = await fetch(`${server.baseUrl}/inbound/email`, { method: "POST", headers: { authorization: `Bearer ${SECRET}` }, body: body() });
    const probeText = await probe.text();
    if (probe.status !== 200 || !probeText.includes('"threaded"')) throw new Error(`inbound sanity request answered ${probe.status}: ${probeText.slice(0, 300)}`);
    if (opts.warmupS > 0) {
      progress(`mail inbound: warm-up ${opts.warmupS} s`);
      await cannon({ label: "inbound", baseUrl: server.baseUrl, path: "/inbound/email", token: SECRET, body, connections: opts.connections, durationS: opts.warmupS, serverPid: server.pid });
    }
    progress(`mail inbound: ${opts.durationS} s`);
    inbound = await cannon({ label: "inbound", baseUrl: server.baseUrl, path: "/inbound/email", token: SECRET, body, connections: opts.connections, durationS: opts.durationS, serverPid: server.pid });
  } finally {
    await server.stop();
  }
  const db2 = openDatabase(path.join(dir, DB_FILE_NAME));
  const threaded = (db2.$client.prepare("SELECT count(*) AS n FROM messages WHERE author_type = 'candidate'").get() as { n: number }).n;

  // Outbound: queued mails drained by the worker through nodemailer (pooled) into a loopback sink.
  const deps2 = benchDeps(dir, db2);
  const per = Math.ceil(opts.outboundMails / apps.length);
  progress(`mail outbound: queueing ${per * apps.length} mails`);
  // Notification mails the server had not filed yet are not part of this measurement.
  db2.$client.prepare("UPDATE jobs SET status = 'done' WHERE status = 'pending'").run();
  const firstId = ((db2.$client.prepare("SELECT max(id) AS id FROM mails").get() as { id: number | null }).id ?? 0) + 1;
  for (let k = 0; k < per; k++) for (const a of apps) postMessage(deps2, actor, { applicationId: a, body: `Follow-up number ${k + 1}: are you still interested?` });
  const queued = (db2.$client.prepare("SELECT count(*) AS n FROM jobs WHERE status = 'pending'").get() as { n: number }).n;
  const sink = await startSink();
  const transport = smtpTransport(`smtp://127.0.0.1:${sink.port}`, { maxConnections: 8 });
  const worker = new JobWorker(deps2, { [SEND_MAIL_JOB]: sendMailHandler(deps2, transport) }, { concurrency: 32 });
  progress(`mail outbound: sending ${queued} mails`);
  const t0 = performance.now();
  await worker.drain();
  const ms = performance.now() - t0;
  transport.close();
  await sink.close();
  const failed = (db2.$client.prepare("SELECT count(*) AS n FROM mails WHERE id >= ? AND status <> 'sent'").get(firstId) as { n: number }).n;
  db2.$client.close();
  return { inbound, threaded, outbound: { mails: queued, ms, received: sink.count(), failed } };
}
