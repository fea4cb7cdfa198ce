import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const zEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("data"),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  MAIL_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, "must be a domain name").default("localhost"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 14),
  /** Shared secret of the inbound-mail webhook (used by the mail module). */
  INBOUND_EMAIL_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Where outgoing mail goes (smtp:// or smtps://, credentials in the URL); unset = kept in the outbox, not sent. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  /** The From address of outgoing mail (the display name is the sender and company). */
  MAIL_FROM: z.email("must be an email address").optional(),
  /** Port of the built-in SMTP listener for replies; "off" or 0 (the default) = not started. */
  SMTP_LISTEN_PORT: z
    .union([z.literal("off"), z.coerce.number().int().min(0).max(65535)], { error: 'must be a port number, or "off"' })
    .default("off"),
  SMTP_LISTEN_HOST: z.string().min(1).optional(),
  /** Largest inbound message accepted (SMTP listener and POST /inbound/email), in bytes. */
  MAIL_MAX_BYTES: z.coerce.number().int().min(10_000).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  PROSPECTOR_ADMIN_EMAIL: z.email().optional(),
  PROSPECTOR_ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  PROSPECTOR_NO_DEMO: bool.default(false),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  mailDomain: string;
  logLevel: z.infer<typeof zEnv>["LOG_LEVEL"];
  sessionTtlMs: number;
  inboundEmailSecret: string | undefined;
  /** Outgoing SMTP server; undefined keeps mail in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The SMTP listener for replies, or null when off. */
  smtpListen: { port: number; host: string } | null;
  mailMaxBytes: number;
  bootstrapAdmin: { email: string; password: string } | undefined;
  demoData: boolean;
}

/** A wrong environment value: the message names the variable, and start-up stops. */
export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, baseDir = env.INIT_CWD ?? process.cwd()): Config {
  const parsed = zEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (Boolean(e.PROSPECTOR_ADMIN_EMAIL) !== Boolean(e.PROSPECTOR_ADMIN_PASSWORD)) {
    throw new ConfigError(
      "Invalid configuration:\n  PROSPECTOR_ADMIN_EMAIL and PROSPECTOR_ADMIN_PASSWORD must be set together",
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(baseDir, e.DATA_DIR),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    mailDomain: e.MAIL_DOMAIN,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    inboundEmailSecret: e.INBOUND_EMAIL_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `prospector@${e.MAIL_DOMAIN}`,
    smtpListen: e.SMTP_LISTEN_PORT === "off" || e.SMTP_LISTEN_PORT === 0 ? null : { port: e.SMTP_LISTEN_PORT, host: e.SMTP_LISTEN_HOST ?? e.HOST },
    mailMaxBytes: e.MAIL_MAX_BYTES,
    bootstrapAdmin:
      e.PROSPECTOR_ADMIN_EMAIL && e.PROSPECTOR_ADMIN_PASSWORD
        ? { email: e.PROSPECTOR_ADMIN_EMAIL.toLowerCase(), password: e.PROSPECTOR_ADMIN_PASSWORD }
        : undefined,
    demoData: !e.PROSPECTOR_NO_DEMO,
  };
}
