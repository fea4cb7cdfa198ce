import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { PDFDocument, StandardFonts } from "pdf-lib";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkA11y, HAS_CHROMIUM, launchBrowser, newPage, pageApi, type RunningServer, screenshot, startServer } from "./harness";
import { startSink } from "../server/test/support/smtp-sink";

/**
 * Issue 11, re-engagement, end to end: people seeded through the API (their last activity aged in the server's own
 * database, see below), the Re-engage screen — filters in the URL, the query box's error under it, select all
 * matching, a saved search — an invitation to an opening with its preview, the mails really sent through SMTP to a
 * sink with each person's own apply link, the report, and a bounce (a DSN at POST /inbound/email) shown on the
 * candidate page and cleared there.
 */


const SECRET = "e2e-inbound-secret-0123456789abcdef0123";
const MONTH = 30 * 24 * 3600_000;

describe.skipIf(!HAS_CHROMIUM).sequential("re-engagement in the web UI", () => {
  let server: RunningServer;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let browser: Browser;
  let page: Page;
  let openingId = 0;
  const people: Record<string, number> = {};

  async function api<T = unknown>(proc: string, input: unknown, mutation = true): Promise<T> {
    const r = await pageApi(page, proc, input, mutation);
    if (r.status !== 200) throw new Error(`${proc}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.result.data as T;
  }

  const row = (name: string) => page.locator(`tr[data-result="${name}"]`);

  beforeAll(async () => {
    sink = await startSink();
    server = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, INBOUND_EMAIL_SECRET: SECRET, MAIL_DOMAIN: "mail.e2e.test" } });
    browser = await launchBrowser();
    ({ page } = await newPage(browser, server.url));
    await page.goto("/app/signin");
    await page.getByLabel("Email").fill(server.admin.email);
    await page.getByLabel("Password").fill(server.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /^Hello/ }).waitFor();

    const target = await api<{ id: number }>("openings.create", { title: "Kotlin Platform Engineer", prospectingEnabled: true });
    openingId = target.id;
    const old = await api<{ id: number; hiringStages: { id: number; name: string }[] }>("openings.create", { title: "Android Engineer (2024)", prospectingEnabled: true });
    const states = await api<{ id: number; name: string }[]>("decisionedStates.list", { includeRetired: true }, false);
    const hired = states.find((s) => s.name === "Hired")!.id;
    const notQualified = states.find((s) => s.name === "Rejected: not qualified")!.id;
    const add = async (fullName: string, skills: string[], opts: { email?: boolean; placement?: "hiring" | "prospecting" } = {}) => {
      const slug = fullName.toLowerCase().replace(/\W+/g, ".");
      const r = await api<{ candidateId: number; applicationId: number | null }>("candidates.create", {
        draft: { fullName, title: "Mobile Engineer", company: "Initech", skills, emails: opts.email === false ? [] : [`${slug}@example.com`] },
        placement: opts.placement ? { openingId: old.id, workflow: opts.placement } : undefined,
      });
      people[fullName] = r.candidateId;
      return r;
    };
    const karl = await add("Karl Kotlin", ["Kotlin", "Android"], { placement: "hiring" });
    await api("applications.decide", { applicationId: karl.applicationId, stateId: notQualified });
    await add("Katie Kotlin", ["Kotlin"], { placement: "prospecting" });
    const hank = await add("Hank Hired", ["Kotlin"], { placement: "hiring" });
    await api("applications.decide", { applicationId: hank.applicationId, stateId: hired });
    await add("Rita Recent", ["Kotlin"]);
    await add("Nate Noskill", ["Java"]);
    await add("Nora Nomail", ["Kotlin"], { email: false });
    await add("Dora Dnc", ["Kotlin"]);
    await api("candidates.setDoNotContact", { candidateId: people["Dora Dnc"], doNotContact: true, reason: "Asked us" });
    // Their history is old. The product only ever writes "now" as a last activity, so these dates are set in the
    // server's own database file (WAL: a second connection writes while the server runs), nothing else touched.
    const db = new Database(path.join(server.dataDir, "prospector.db"));
    db.pragma("busy_timeout = 5000");
    const aged = db.prepare("UPDATE candidates SET last_activity_at = ? WHERE id = ?");
    for (const n of ["Karl Kotlin", "Katie Kotlin", "Hank Hired", "Nate Noskill", "Nora Nomail", "Dora Dnc"]) aged.run(Date.now() - 14 * MONTH, people[n]);
    db.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.close();
  });

  it("company settings: a super admin sets the invitations' mails per minute", async () => {
    await page.goto("/app/settings/company");
    const field = page.getByLabel(/mails per minute/);
    await expect.poll(() => field.inputValue()).toBe("60");
    await field.fill("600");
    await page.getByRole("button", { name: "Save company profile" }).click();
    await page.getByText("Company profile saved").waitFor();
    expect((await api<{ mailsPerMinute: number }>("company.get", undefined, false)).mailsPerMinute).toBe(600);
  });

  it("search: inactive 12 months, skill Kotlin, never hired — a syntax error shows under the box; the URL keeps the filters", async () => {
    await page.getByRole("link", { name: "Re-engage" }).click();
    await page.getByRole("heading", { name: "Re-engage" }).waitFor();
    // A first visit: no activity for 6 months, a valid email.
    await page.getByRole("heading", { name: /people? match/ }).waitFor();
    await page.getByLabel("At least").selectOption("12");
    await page.getByLabel(/Skills or tags/).fill("Kotlin");
    await page.getByLabel("Hired", { exact: true }).selectOption("never");
    // Keyboard: Enter in the search box sends the form; the unclosed quote is refused before anything is sent.
    const box = page.getByLabel("Search text");
    await box.fill('"mobile');
    await box.press("Enter");
    await page.getByRole("alert").filter({ hasText: "This quote is never closed" }).waitFor();
    expect(await box.getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "40-reengage-query-error");
    await box.fill("mobile");
    await box.press("Enter");
    await page.waitForURL(/min=12/);
    const url = new URL(page.url());
    expect(url.searchParams.get("skill")).toBe("Kotlin");
    expect(url.searchParams.get("valid")).toBe("1");
    expect(url.searchParams.getAll("notdec")).toHaveLength(1);
    await page.getByRole("heading", { name: "2 people match" }).waitFor();
    await expect.poll(() => page.locator("tr[data-result]").count()).toBe(2);
    for (const n of ["Karl Kotlin", "Katie Kotlin"]) await row(n).waitFor();
    // Why each matched, and where they ended before.
    await expect.poll(() => row("Karl Kotlin").locator("mark").first().textContent()).toMatch(/Mobile|Kotlin/);
    await row("Karl Kotlin").getByText("Rejected: not qualified").waitFor();
    await row("Katie Kotlin").getByText("Prospect: Identified").waitFor();
    // A reload keeps the search.
    await page.reload();
    await page.getByRole("heading", { name: "2 people match" }).waitFor();
    await checkA11y(page, "re-engage results");
    await screenshot(page, "41-reengage-results");
  });

  it("a saved search runs again with one click", async () => {
    await page.getByLabel("Save this search as").fill("Dormant Kotlin, never hired");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("button", { name: "Dormant Kotlin, never hired", exact: true }).waitFor();
    await page.getByRole("link", { name: "Clear all filters" }).click();
    await page.waitForURL((u) => !u.searchParams.has("skill"));
    await page.getByRole("heading", { name: /people match/ }).waitFor();
    await page.getByRole("button", { name: "Dormant Kotlin, never hired", exact: true }).click();
    await page.waitForURL(/skill=Kotlin/);
    await page.getByRole("heading", { name: "2 people match" }).waitFor();
    await page.getByText(/last run/).waitFor();
  });

  it("select all matching → invite to an opening: preview as a real person, skips, send; the mails carry each one's apply link", async () => {
    await page.getByRole("button", { name: "Select all 2 matching" }).click();
    await page.getByText("All 2 matching selected").waitFor();
    await page.getByRole("button", { name: "Invite…" }).click();
    await page.getByLabel("Invite them to").selectOption({ label: "Kotlin Platform Engineer" });
    const preview = page.getByTestId("invite-preview");
    await preview.waitFor();
    await page.getByText(/2 people\s+of 2 will be invited, each as a prospect on the opening/).waitFor();
    await expect.poll(() => preview.textContent()).toContain("A new opening at");
    await expect.poll(() => preview.textContent()).toMatch(new RegExp(`/jobs/[a-z0-9-]+/${openingId}\\?t=`));
    await page.getByLabel("Preview as").selectOption({ label: "Katie Kotlin" });
    await expect.poll(() => preview.textContent()).toContain("Hi Katie,");
    await checkA11y(page, "re-engage invite");
    await screenshot(page, "42-reengage-invite-preview");
    await page.getByRole("button", { name: "Invite 2 people" }).click();
    await page.getByText(/2 people invited to Kotlin Platform Engineer/).waitFor();

    // Sent for real (SMTP to the sink), each with their own private apply link to the opening's form.
    await expect.poll(() => sink.received.length, { timeout: 20_000 }).toBe(2);
    const mails = await Promise.all(sink.received.map((m) => PostalMime.parse(m.raw)));
    expect(sink.received.map((m) => m.rcpt[0]).sort()).toEqual(["karl.kotlin@example.com", "katie.kotlin@example.com"]);
    const links = mails.map((m) => new RegExp(`/jobs/[a-z0-9-]+/${openingId}\\?t=([A-Za-z0-9_-]{40,})`).exec(m.text ?? "")?.[1]);
    expect(links.every(Boolean)).toBe(true);
    expect(new Set(links).size).toBe(2);
    // Each is now a prospect on the opening, in its first prospecting stage.
    const karl = await api<{ candidate: { applications: { openingId: number; workflow: string; stageName: string }[] } }>("candidates.get", { candidateId: people["Karl Kotlin"] }, false);
    expect(karl.candidate.applications.find((a) => a.openingId === openingId)).toMatchObject({ workflow: "prospecting", stageName: "Identified" });

    // The outbox holds them, sent.
    await page.goto("/app/outbox");
    await page.getByText("karl.kotlin@example.com").first().waitFor();
    await page.getByText("katie.kotlin@example.com").first().waitFor();
    await screenshot(page, "43-outbox-invitations");

    // The report of the send.
    await page.goto(`/app/reengage?min=12&skill=Kotlin&run=1`);
    const report = page.locator("tr[data-send]").first();
    await report.waitFor();
    await expect.poll(() => report.locator("td").nth(4).textContent()).toBe("2");
  });

  it("a bounce (a DSN at POST /inbound/email) shows on the candidate page with its reason and date, and is cleared there", async () => {
    const katieMail = await PostalMime.parse(sink.received.find((m) => m.rcpt[0] === "katie.kotlin@example.com")!.raw);
    const boundary = "e2e-dsn";
    const dsn = [
      "From: MAILER-DAEMON@mx.example.com",
      "To: prospector@mail.e2e.test",
      "Subject: Undelivered Mail Returned to Sender",
      "Message-ID: <dsn-e2e@mx.example.com>",
      "MIME-Version: 1.0",
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.com",
      "",
      "Final-Recipient: rfc822; katie.kotlin@example.com",
      "Action: failed",
      "Status: 5.1.1",
      "Diagnostic-Code: smtp; 550 5.1.1 User unknown",
      "",
      `--${boundary}`,
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: ${katieMail.messageId}`,
      "",
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const res = await fetch(`${server.url}/inbound/email`, { method: "POST", headers: { "x-inbound-secret": SECRET, "content-type": "message/rfc822" }, body: dsn });
    expect(await res.json()).toEqual({ outcome: "bounce", bounced: ["katie.kotlin@example.com"], soft: [] });
    await page.goto(`/app/candidates/${people["Katie Kotlin"]}`);
    const line = page.locator('[data-bounced="katie.kotlin@example.com"]');
    await line.waitFor();
    await line.getByText(/5\.1\.1/).waitFor();
    await line.getByText(/^Since /).waitFor();
    await checkA11y(page, "candidate with a bounced address");
    await screenshot(page, "44-candidate-bounced");
    // The report counts it.
    const sends = await api<{ items: { bounced: number; delivered: number }[] }>("reengage.sends", { limit: 10 }, false);
    expect(sends.items[0]).toMatchObject({ bounced: 1, delivered: 1 });
    await line.getByRole("button", { name: "Clear the bounce of katie.kotlin@example.com" }).click();
    await page.getByText("katie.kotlin@example.com will be mailed again").waitFor();
    await expect.poll(() => page.locator("[data-bounced]").count()).toBe(0);
  });
});

/** A real one-page PDF CV, made here. */
async function cvPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pdfPage = doc.addPage([595, 842]);
  lines.forEach((l, i) => pdfPage.drawText(l, { x: 50, y: 780 - i * 18, size: 12, font }));
  return Buffer.from(await doc.save());
}

/**
 * Issue 11 from search to application, without SMTP (the mail is kept in the outbox, as on a fresh install): a
 * recruiter finds a past candidate on the Re-engage screen (inactive 12 months, skill Kotlin, never hired) and invites
 * him to a published opening; the apply link is taken from the outbox mail and opened as the candidate, whose form
 * is pre-filled; he attaches a CV and applies; the recruiter sees "applied 1" in the report, and him in hiring on
 * that opening (the pipeline board and his candidate page, with the CV).
 */
describe.skipIf(!HAS_CHROMIUM).sequential("re-engagement to application, through the outbox", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let candidatePage: Page;
  let openingId = 0;
  let firstHiringStage = "";
  let applyLink = "";
  const people: Record<string, number> = {};

  async function api<T = unknown>(proc: string, input: unknown, mutation = true): Promise<T> {
    const r = await pageApi(page, proc, input, mutation);
    if (r.status !== 200) throw new Error(`${proc}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.result.data as T;
  }
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page } = await newPage(browser, server.url));
    ({ page: candidatePage } = await newPage(browser, server.url));
    await page.goto("/app/signin");
    await page.getByLabel("Email").fill(server.admin.email);
    await page.getByLabel("Password").fill(server.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /^Hello/ }).waitFor();
    await api("company.update", { name: "Northwind Talent", publicContactEmail: "jobs@northwind.example" });

    const target = await api<{ id: number; hiringStages: { name: string }[] }>("openings.create", { title: "Kotlin Platform Engineer", location: "Brno", prospectingEnabled: true });
    openingId = target.id;
    firstHiringStage = target.hiringStages[0]!.name;
    await api("openings.setPublished", { openingId, published: true });
    const old = await api<{ id: number }>("openings.create", { title: "Android Engineer (2024)" });
    const states = await api<{ id: number; name: string }[]>("decisionedStates.list", { includeRetired: true }, false);
    const hired = states.find((s) => s.name === "Hired")!.id;
    const notQualified = states.find((s) => s.name === "Rejected: not qualified")!.id;
    const add = async (fullName: string, skills: string[], decision: number) => {
      const slug = fullName.toLowerCase().replace(/\W+/g, ".");
      const r = await api<{ candidateId: number; applicationId: number }>("candidates.create", {
        draft: { fullName, title: "Mobile Engineer", company: "Initech", skills, emails: [`${slug}@example.com`], phones: fullName === "Karl Kotlin" ? ["+420 777 000 111"] : [] },
        placement: { openingId: old.id, workflow: "hiring" },
      });
      await api("applications.decide", { applicationId: r.applicationId, stateId: decision });
      people[fullName] = r.candidateId;
    };
    await add("Karl Kotlin", ["Kotlin", "Android"], notQualified);
    await add("Hank Hired", ["Kotlin"], hired);
    await add("Nate Noskill", ["Java"], notQualified);
    // Their history is old (the product only ever records "now"): aged in the server's own database file.
    const db = new Database(path.join(server.dataDir, "prospector.db"));
    db.pragma("busy_timeout = 5000");
    const aged = db.prepare("UPDATE candidates SET last_activity_at = ? WHERE id = ?");
    for (const id of Object.values(people)) aged.run(Date.now() - 14 * MONTH, id);
    db.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the recruiter finds Karl (inactive 12 months, Kotlin, never hired) and invites him to the opening; the mail is kept in the outbox", async () => {
    await page.goto("/app/reengage?min=12&valid=1&skill=Kotlin");
    await page.getByLabel("Hired", { exact: true }).selectOption("never");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("heading", { name: "1 person matches" }).waitFor();
    const karl = page.locator('tr[data-result="Karl Kotlin"]');
    await karl.getByText("Rejected: not qualified").waitFor();
    await karl.getByRole("checkbox", { name: "Select Karl Kotlin" }).check();
    await screenshot(page, "50-reengage-search-selected");
    await page.getByRole("button", { name: "Invite…" }).click();
    await page.getByLabel("Invite them to").selectOption({ label: "Kotlin Platform Engineer" });
    await page.getByTestId("invite-preview").waitFor();
    await page.getByText(/1 person\s+of 1 will be invited, each as a prospect on the opening/).waitFor();
    await page.getByRole("button", { name: "Invite 1 person" }).click();
    await page.getByText(/1 person invited to Kotlin Platform Engineer/).waitFor();

    // No SMTP: the mail is kept in the outbox, its apply link minted into it.
    await page.getByRole("link", { name: "Outbox" }).click();
    const row = page.locator("tr").filter({ hasText: "karl.kotlin@example.com" });
    await expect.poll(() => row.getByText("Not sent — kept in the outbox").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await row.getByRole("link").first().click();
    const text = (await page.getByTestId("mail-text").textContent()) ?? "";
    applyLink = /https?:\/\/\S+\/jobs\/\S+\?t=[\w-]+/.exec(text)?.[0] ?? "";
    expect(applyLink).toMatch(new RegExp(`/jobs/[a-z0-9-]+/${openingId}\\?t=[\\w-]{43}$`));
  });

  it("Karl opens the link: the form is pre-filled; he attaches a CV and applies", async () => {
    await candidatePage.goto(applyLink);
    await candidatePage.getByRole("heading", { name: "Kotlin Platform Engineer" }).waitFor();
    expect(await candidatePage.getByLabel("Full name").inputValue()).toBe("Karl Kotlin");
    expect(await candidatePage.getByLabel("Email").inputValue()).toBe("karl.kotlin@example.com");
    expect(await candidatePage.getByLabel("Phone (optional)").inputValue()).toBe("+420 777 000 111");
    await screenshot(candidatePage, "51-reengage-apply-prefilled");
    await candidatePage.getByLabel("Resume (optional)").setInputFiles({ name: "Karl CV.pdf", mimeType: "application/pdf", buffer: await cvPdf(["Karl Kotlin", "Kotlin, Android", "Built a ferry timetable app"]) });
    await candidatePage.getByLabel(/I agree that Northwind Talent keeps my application/).check();
    await candidatePage.getByRole("button", { name: "Send application" }).click();
    await candidatePage.getByRole("heading", { name: "Thank you, Karl!" }).waitFor();
  });

  it("the recruiter sees him applied: the report's Applied count, the hiring pipeline, his page with the CV", async () => {
    await page.goto("/app/reengage?min=12&skill=Kotlin");
    const report = page.locator("tr[data-send]").first();
    await report.waitFor();
    const cells = report.locator("td");
    // Sent, To, Invited, Queued, Delivered, Bounced, Replied, Applied.
    await expect.poll(() => cells.nth(7).textContent()).toBe("1");
    expect(await cells.nth(2).textContent()).toBe("1");
    await report.getByText("A new opening at Northwind Talent: Kotlin Platform Engineer").waitFor();
    expect(await cells.nth(4).textContent()).toMatch(/kept in the outbox/);
    expect(await cells.nth(5).textContent()).toBe("0");
    await report.scrollIntoViewIfNeeded();
    await checkA11y(page, "re-engage with the report");
    await screenshot(page, "52-reengage-report-applied");
    const sends = await api<{ items: { invited: number; applied: number; kept: number; bounced: number }[] }>("reengage.sends", { limit: 10 }, false);
    expect(sends.items[0]).toMatchObject({ invited: 1, applied: 1, kept: 1, bounced: 0 });

    // In hiring on that opening, in its first hiring stage.
    await page.goto(`/app/openings/${openingId}/pipeline`);
    await page.locator(`section[data-stage="${firstHiringStage}"] li.board-card[data-candidate="Karl Kotlin"]`).waitFor();
    await screenshot(page, "53-pipeline-applied");
    await page.goto(`/app/candidates/${people["Karl Kotlin"]}`);
    const card = page.getByRole("article", { name: "Kotlin Platform Engineer application" });
    await card.getByText("Hiring", { exact: true }).waitFor();
    await card.getByText("started in prospecting").waitFor();
    await page.getByRole("region", { name: "Documents" }).locator('li[data-document="Karl CV.pdf"]').waitFor();
  });
});
