import path from "node:path";
import { pino } from "pino";
import { createApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { openDatabase } from "./db/client";
import { systemClock } from "./lib/clock";
import type { Deps } from "./lib/deps";
import { RateLimiter } from "./lib/rate-limit";
import { startMaintenance } from "./jobs/maintenance";
import { JobWorker } from "./jobs/worker";
import { startSmtpListener } from "./mail/smtp-listener";
import { mailGaveUp, SEND_MAIL_JOB, sendMailHandler } from "./mail/outbound";
import { outboxTransport, smtpTransport } from "./mail/transport";
import { REMINDER_JOB, reminderHandler } from "./modules/conversations/conversations.service";
import { stopWarmImportWorker } from "./modules/imports/imports.service";
import { stopExtractor } from "./modules/documents/documents.extract";
import { DOCUMENT_TEXT_JOB, documentTextHandler } from "./modules/documents/documents.service";
import { shutdownSignal } from "./lib/events";
import { bootstrap } from "./seed";

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    if (process.argv.includes("--no-demo")) process.env.PROSPECTOR_NO_DEMO = "1";
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = pino({
    level: config.logLevel,
    redact: { paths: ["password", "*.password", "token", "*.token", "req.headers.authorization", "req.headers.cookie"], censor: "[redacted]" },
  });
  const db = openDatabase(path.join(config.dataDir, "prospector.db"));
  const deps: Deps = { db, config, log, clock: systemClock, signInLimiter: new RateLimiter(20, 15 * 60_000) };
  await bootstrap(deps, (line) => process.stdout.write(`${line}\n`));
  const maintenance = startMaintenance(db, log);
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : outboxTransport;
  if (!config.smtpUrl) log.warn("SMTP_URL is not set: outgoing mail is kept in the outbox (admins can read it), not sent");
  const worker = new JobWorker(
    deps,
    { [SEND_MAIL_JOB]: sendMailHandler(deps, transport), [REMINDER_JOB]: reminderHandler(deps), [DOCUMENT_TEXT_JOB]: documentTextHandler(deps) },
    { onGiveUp: mailGaveUp },
  );
  worker.start();
  const smtp = config.smtpListen ? await startSmtpListener(deps, config.smtpListen) : null;

  const server = createApp(deps).listen(config.port, config.host, () => {
    log.info({ url: config.publicUrl, host: config.host, port: config.port, dataDir: config.dataDir }, "Prospector is listening");
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing open requests");
    const force = setTimeout(() => {
      log.warn("requests still open after 10 s; closing anyway");
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    server.close(async () => {
      await maintenance.stop();
      await smtp?.close();
      // Running jobs finish (a mail being sent is marked sent); the rest wait in the queue for the next start.
      await worker.stop();
      await stopWarmImportWorker(db);
      await stopExtractor();
      transport.close();
      db.$client.pragma("wal_checkpoint(TRUNCATE)");
      db.$client.close();
      log.info("database closed; bye");
      // pino writes asynchronously: without a flush the last lines are lost at exit.
      log.flush(() => process.exit(0));
    });
    server.closeIdleConnections();
    // Live subscriptions (SSE) end now; otherwise every open browser would hold the close for 10 s.
    shutdownSignal.abort();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

void main();
