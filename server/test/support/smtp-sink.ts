import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A test SMTP sink on loopback: what nodemailer sends lands here, raw, with its envelope recipients. */
export function startSink() {
  const received: { rcpt: string[]; raw: Buffer }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        cb();
      });
    },
  });
  return new Promise<{ port: number; received: typeof received; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({ port: (server.server.address() as AddressInfo).port, received, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}
