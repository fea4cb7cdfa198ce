import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerError } from "smtp-server";
import type { Deps } from "../lib/deps";
import { knownReplyAddress, receiveMail } from "./inbound";

function smtpError(message: string, code: number): SMTPServerError {
  const err: SMTPServerError = new Error(message);
  err.responseCode = code;
  return err;
}

/** A message's bytes as they arrive; past the limit it drops what it held and keeps nothing more. */
export class MessageCollector {
  private chunks: Buffer[] = [];
  /** Bytes held now (never more than the limit). */
  held = 0;
  overflow = false;
  constructor(private readonly maxBytes: number) {}

  add(chunk: Buffer, sizeExceeded = false) {
    if (this.overflow) return;
    if (sizeExceeded || this.held + chunk.length > this.maxBytes) {
      this.overflow = true;
      this.chunks = [];
      this.held = 0;
      return;
    }
    this.chunks.push(chunk);
    this.held += chunk.length;
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * The built-in SMTP listener for replies: plain SMTP (put it behind your MX or on a private network), no
 * AUTH; only our live reply addresses are accepted, every other recipient is refused at RCPT TO; messages
 * over MAIL_MAX_BYTES are refused (552).
 */
export function startSmtpListener(deps: Deps, listen: { port: number; host: string }): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    name: deps.config.mailDomain,
    banner: "Prospector reply service",
    disabledCommands: ["AUTH", "STARTTLS"],
    authOptional: true,
    size: deps.config.mailMaxBytes,
    rejectOversized: true,
    disableReverseLookup: true,
    maxClients: 100,
    socketTimeout: 60_000,
    logger: false,
    onRcptTo(address, _session, callback) {
      try {
        if (knownReplyAddress(deps, address.address)) return callback();
        // Bounces come back to our envelope sender (MAIL_FROM): accepted so their DSN can be read.
        if (address.address.toLowerCase() === deps.config.mailFrom.toLowerCase()) return callback();
        callback(smtpError("5.1.1 No such recipient here", 550));
      } catch (err) {
        deps.log.error({ err }, "SMTP recipient check failed");
        callback(smtpError("4.3.0 Temporary failure, try again later", 451));
      }
    },
    onData(stream, session, callback) {
      const message = new MessageCollector(deps.config.mailMaxBytes);
      // smtp-server keeps emitting data past the size limit (it only sets sizeExceeded): drain, do not keep.
      stream.on("data", (c: Buffer) => message.add(c, stream.sizeExceeded));
      stream.on("error", (err) => callback(err));
      stream.on("end", () => {
        if (stream.sizeExceeded || message.overflow) return callback(smtpError("5.3.4 Message too big", 552));
        receiveMail(deps, message.buffer(), { to: session.envelope.rcptTo.map((r) => r.address) }).then(
          (r) => {
            if (r.outcome === "refused") return callback(smtpError(`5.6.0 ${r.reason}`, 550));
            callback(null, r.outcome === "duplicate" ? "Already received" : "Received");
          },
          (err: unknown) => {
            deps.log.error({ err }, "inbound mail failed");
            callback(smtpError("4.3.0 Temporary failure, try again later", 451));
          },
        );
      });
    },
  });
  server.on("error", (err) => deps.log.error({ err }, "SMTP listener error"));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => {
      const port = (server.server.address() as AddressInfo).port;
      deps.log.info({ host: listen.host, port }, "SMTP listener for replies is listening");
      resolve({ port, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}
