// `npm run conformance` (root) ends here: every message of the public mail-parser corpora in
// ../shared/conformance (mikel-mail, stalwart-mail-parser) goes through the inbound mail service
// (parse, route, trim, thread, store) as a reply to a real conversation. Each must be stored (threaded
// or kept) or refused with a reason; an unhandled error is a failure (exit 1). Not part of `npm test`,
// which must not need ../shared.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { JobWorker } from "../src/jobs/worker";
import type { UserActor } from "../src/lib/actor";
import type { Deps } from "../src/lib/deps";
import { RateLimiter } from "../src/lib/rate-limit";
import { receiveMail } from "../src/mail/inbound";
import { SEND_MAIL_JOB, sendMailHandler } from "../src/mail/outbound";
import type { MailTransport, OutgoingMail } from "../src/mail/transport";
import { addProspect } from "../src/modules/candidates/intake.service";
import { createCompany } from "../src/modules/companies/companies.service";
import { postMessage } from "../src/modules/conversations/conversations.service";
import { createOpening } from "../src/modules/openings/openings.service";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.env.PROSPECTOR_CONFORMANCE_DIR ?? path.join(here, "../../../shared/conformance"));
const corpora = ["mikel-mail", "stalwart-mail-parser"];

function emlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((f) => path.join(dir, f));
}

async function main() {
  const missing = corpora.filter((c) => !fs.existsSync(path.join(root, c)));
  if (missing.length) {
    console.error(`inbound conformance: corpora missing under ${root}: ${missing.join(", ")}`);
    process.exit(1);
  }
  let n = 0;
  // Attachments of the corpus' replies are kept as documents: in a temporary data directory, removed at the end.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-conformance-"));
  process.on("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" });
  const deps: Deps = { db: openDatabase(":memory:"), config, log: pino({ level: "silent" }), clock: { now: () => Date.now() + n++ }, signInLimiter: new RateLimiter(20, 60_000) };
  const { companyId, userId } = await createCompany(deps, { name: "Conformance Co", admin: { email: "admin@conformance.test", name: "Admin", password: "conformance-password" } });
  const actor: UserActor = { type: "user", userId, companyId, role: "super_admin", name: "Admin" };
  const openingId = createOpening(deps, actor, { title: "Mail robustness", prospectingEnabled: true });
  const p = addProspect(deps, actor, {
    requestId: "conformance-1",
    openingId,
    draft: { fullName: "Corpus Sender", emails: ["sender@corpus.test"], phones: [], links: [], skills: [], headline: "", summary: "", title: "", company: "", location: "" },
  });
  postMessage(deps, actor, { applicationId: p.applicationId!, body: "Hello" });
  const sent: OutgoingMail[] = [];
  const capture: MailTransport = { kind: "smtp", send: async (m) => void sent.push(m), close() {} };
  await new JobWorker(deps, { [SEND_MAIL_JOB]: sendMailHandler(deps, capture) }).drain();
  const replyAddress = sent[0]?.replyTo;
  if (!replyAddress) throw new Error("no reply address was minted");

  let failures = 0;
  for (const corpus of corpora) {
    const counts = new Map<string, number>();
    const files = emlFiles(path.join(root, corpus));
    for (const file of files) {
      const raw = fs.readFileSync(file);
      try {
        const r = await receiveMail(deps, raw, { to: [replyAddress] });
        const key = r.outcome === "refused" || r.outcome === "kept" ? `${r.outcome} (${r.reason.replace(/:.*/, "")})` : r.outcome;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      } catch (err) {
        failures++;
        counts.set("UNHANDLED ERROR", (counts.get("UNHANDLED ERROR") ?? 0) + 1);
        console.error(`  ${path.relative(root, file)}: ${(err as Error).stack?.split("\n").slice(0, 3).join(" | ")}`);
      }
    }
    const detail = [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`).join(", ");
    console.log(`inbound mail · ${corpus}: ${files.length} messages — ${detail}`);
  }
  const stored = deps.db.$client.prepare("SELECT status, count(*) AS n FROM mails WHERE direction = 'in' GROUP BY status").all() as { status: string; n: number }[];
  console.log(`inbound mail · stored: ${stored.map((s) => `${s.n} ${s.status}`).join(", ")}; unhandled errors: ${failures}`);
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
