import { createTransport } from "nodemailer";
import { PermanentJobError } from "../jobs/worker";

/** One mail as it leaves: every string here is already final (links filled, HTML escaped). */
export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Without angle brackets. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
}

/** The receiving server refused the mail for good (5xx): the address bounces. */
export class SmtpRejectedError extends PermanentJobError {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface MailTransport {
  /** "outbox": nothing leaves the server; mail is kept for admins to read, marked not sent. */
  readonly kind: "smtp" | "outbox";
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Without SMTP_URL: mail stays in the outbox (the mail row), nothing is sent. */
export const outboxTransport: MailTransport = {
  kind: "outbox",
  send: async () => {},
  close: () => {},
};

/** nodemailer over a pool of SMTP connections to SMTP_URL. */
export function smtpTransport(url: string, opts: { maxConnections?: number } = {}): MailTransport {
  const t = createTransport({
    url,
    pool: true,
    maxConnections: opts.maxConnections ?? 5,
    maxMessages: 1000,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    kind: "smtp",
    async send(m) {
      try {
        await t.sendMail({
          from: m.from,
          to: m.to,
          replyTo: m.replyTo,
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: `<${m.messageId}>`,
          inReplyTo: m.inReplyTo ? `<${m.inReplyTo}>` : undefined,
          references: m.references?.map((r) => `<${r}>`),
          headers: m.headers,
          // Named, so nodemailer does not scan every part to choose (measured: about half its build time).
          textEncoding: "quoted-printable",
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx: the server refused for good (no such mailbox, policy); retrying will not help.
        if (typeof code === "number" && code >= 500) throw new SmtpRejectedError(code, `SMTP ${code}: ${(err as Error).message.slice(0, 200)}`);
        throw err;
      }
    },
    close: () => t.close(),
  };
}
