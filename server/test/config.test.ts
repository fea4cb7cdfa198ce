import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";

describe("config", () => {
  it("defaults: port 3000, ./data under the directory npm was started in", () => {
    const c = loadConfig({}, "/srv/prospector");
    expect(c).toMatchObject({ port: 3000, dataDir: "/srv/prospector/data", publicUrl: "http://localhost:3000", demoData: true });
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PUBLIC_URL: "ftp://x" }, "PUBLIC_URL"],
    [{ MAIL_DOMAIN: "not a domain" }, "MAIL_DOMAIN"],
    [{ PROSPECTOR_ADMIN_EMAIL: "nope" }, "PROSPECTOR_ADMIN_EMAIL"],
    [{ PROSPECTOR_ADMIN_EMAIL: "a@b.co", PROSPECTOR_ADMIN_PASSWORD: "short" }, "PROSPECTOR_ADMIN_PASSWORD"],
    [{ PROSPECTOR_ADMIN_EMAIL: "a@b.co" }, "PROSPECTOR_ADMIN_PASSWORD"],
    [{ INBOUND_EMAIL_SECRET: "too-short" }, "INBOUND_EMAIL_SECRET"],
    [{ SMTP_URL: "http://mail.example.com" }, "SMTP_URL"],
    [{ SMTP_LISTEN_PORT: "smtp" }, "SMTP_LISTEN_PORT"],
    [{ MAIL_FROM: "nobody" }, "MAIL_FROM"],
    [{ MAIL_MAX_BYTES: "12" }, "MAIL_MAX_BYTES"],
  ])("a wrong value stops start-up with a message naming the variable (%o)", (env, name) => {
    expect(() => loadConfig(env, "/tmp")).toThrow(ConfigError);
    expect(() => loadConfig(env, "/tmp")).toThrow(name);
  });

  it("mail: outbox and no listener by default; SMTP_URL, listener port and From when given", () => {
    expect(loadConfig({}, "/x")).toMatchObject({ smtpUrl: undefined, smtpListen: null, mailFrom: "prospector@localhost" });
    expect(loadConfig({ SMTP_LISTEN_PORT: "0" }, "/x").smtpListen).toBeNull();
    expect(loadConfig({ SMTP_URL: "smtp://u:p@mail.example.com:587", SMTP_LISTEN_PORT: "2525", MAIL_DOMAIN: "jobs.example.com" }, "/x")).toMatchObject({
      smtpUrl: "smtp://u:p@mail.example.com:587",
      smtpListen: { port: 2525, host: "127.0.0.1" },
      mailFrom: "prospector@jobs.example.com",
    });
  });

  it("DATA_DIR and the demo switch are honoured", () => {
    expect(loadConfig({ DATA_DIR: "/var/lib/p", PROSPECTOR_NO_DEMO: "1" }, "/x")).toMatchObject({ dataDir: "/var/lib/p", demoData: false });
  });
});
