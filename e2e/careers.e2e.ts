import fs from "node:fs";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkA11y, HAS_CHROMIUM, launchBrowser, newPage, pageApi, ROOT, type RunningServer, startServer } from "./harness";

/** Where this file's screenshots go (looked at by hand; never committed). */
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(ROOT, "screenshots", "careers");

/** A real one-page PDF CV, made here. */
async function cvPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((l, i) => page.drawText(l, { x: 50, y: 780 - i * 18, size: 12, font }));
  return Buffer.from(await doc.save());
}

/**
 * Issue 11's careers page and issue 10's documents, end to end: the careers page lists only published open
 * openings; "Ask to apply" from the follow-up flow lands in the outbox with a real apply link; the candidate opens
 * it, finds the form pre-filled, makes a mistake (told beside the field, nothing lost), uploads a CV and applies;
 * the recruiter sees them in hiring with the CV on their candidate page, its text searchable, and the bell.
 */
describe.skipIf(!HAS_CHROMIUM).sequential("careers page, apply link and candidate documents", () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: { context: BrowserContext; page: Page };
  let candidate: { context: BrowserContext; page: Page };
  let slug = "";
  let openingId = 0;
  let janeId = 0;
  let applyLink = "";

  async function shot(page: Page, name: string) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }
  async function api<T = unknown>(proc: string, input: unknown, mutation = true): Promise<T> {
    const r = await pageApi(staff.page, proc, input, mutation);
    if (r.status !== 200) throw new Error(`${proc}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.result.data as T;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    staff = await newPage(browser, server.url);
    candidate = await newPage(browser, server.url);
    const page = staff.page;
    await page.goto("/app/signin");
    await page.getByLabel("Email").fill(server.admin.email);
    await page.getByLabel("Password").fill(server.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /^Hello/ }).waitFor();
    await api("company.update", { name: "Northwind Talent", publicContactEmail: "jobs@northwind.example", brandColor: "#1b5e20" });
    slug = (await api<{ slug: string }>("company.get", undefined, false)).slug;
    const open = await api<{ id: number }>("openings.create", { title: "Platform Engineer", department: "Engineering", location: "Brno", description: "Run our Kubernetes platform.\nOn call one week in six.", prospectingEnabled: true });
    openingId = open.id;
    await api("openings.setPublished", { openingId, published: true });
    const designer = await api<{ id: number }>("openings.create", { title: "Product Designer", department: "Design", location: "Remote" });
    await api("openings.setPublished", { openingId: designer.id, published: true });
    // Open but not published, and published but closed: neither is on the careers page.
    await api("openings.create", { title: "Secret Project Lead" });
    const closed = await api<{ id: number }>("openings.create", { title: "Closed Role" });
    await api("openings.setPublished", { openingId: closed.id, published: true });
    await api("openings.setStatus", { openingId: closed.id, status: "closed" });
    const jane = await api<{ candidateId: number }>("candidates.create", {
      draft: { fullName: "Jane Applicant", emails: ["jane@example.com"], phones: ["+420 777 123 456"], title: "SRE" },
      placement: { openingId, workflow: "prospecting" },
    });
    janeId = jane.candidateId;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the careers page lists only the published, open openings, in the company's colours", async () => {
    const page = candidate.page;
    await page.goto(`/jobs/${slug}`);
    await page.getByRole("heading", { name: "Open positions at Northwind Talent" }).waitFor();
    const jobs = await page.locator("ul.jobs li a").allTextContents();
    expect(jobs.sort()).toEqual(["Platform Engineer", "Product Designer"]);
    expect(await page.locator("header.brand").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(27, 94, 32)");
    await checkA11y(page, "careers list");
    await shot(page, "01-careers-list");
  });

  it("'Ask to apply' sent through the follow-up flow is kept in the outbox with a real apply link", async () => {
    const page = staff.page;
    await page.goto("/app/candidates?tab=prospects");
    await page.locator('tr[data-prospect="Jane Applicant"]').getByRole("checkbox", { name: "Select Jane Applicant" }).check();
    await page.getByRole("button", { name: "Send message…" }).click();
    await page.getByLabel("Template").selectOption({ label: "Ask to apply" });
    await page.getByRole("button", { name: "Send to 1 prospect" }).click();
    await page.getByRole("link", { name: "Outbox" }).click();
    const row = page.locator("tr").filter({ hasText: "jane@example.com" });
    await expect.poll(() => row.getByText("Not sent — kept in the outbox").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await row.getByRole("link").first().click();
    const text = (await page.getByTestId("mail-text").textContent()) ?? "";
    applyLink = /https?:\/\/\S+\/jobs\/\S+\?t=[\w-]+/.exec(text)?.[0] ?? "";
    expect(applyLink).toMatch(new RegExp(`/jobs/${slug}/${openingId}\\?t=[\\w-]{43}$`));
    await shot(page, "02-outbox-apply-link");
  });

  it("the candidate opens the link, finds the form pre-filled, and a mistake is told beside its field with nothing lost", async () => {
    const page = candidate.page;
    await page.goto(applyLink);
    await page.getByRole("heading", { name: "Platform Engineer" }).waitFor();
    expect(await page.getByLabel("Full name").inputValue()).toBe("Jane Applicant");
    expect(await page.getByLabel("Email").inputValue()).toBe("jane@example.com");
    expect(await page.getByLabel("Phone (optional)").inputValue()).toBe("+420 777 123 456");
    await checkA11y(page, "job page with the Apply form");
    await shot(page, "03-apply-prefilled");
    // She types another email (the link still ties the application to her), a note, a CV, and forgets consent.
    await page.getByLabel("Email").fill("jane.new@example.com");
    await page.getByLabel("A note to the team (optional)").fill("Happy to talk <any> time.");
    await page.getByLabel("Resume (optional)").setInputFiles({ name: "Jane CV.pdf", mimeType: "application/pdf", buffer: await cvPdf(["Jane Applicant", "Site reliability", "Operated a fleet of zeppelin telemetry collectors"]) });
    await page.getByRole("button", { name: "Send application" }).click();
    await page.getByRole("alert").getByText("Please fix this field:").waitFor();
    await page.getByText("Please agree to the privacy notice so that we can keep your application.").first().waitFor();
    expect(await page.getByLabel("Email").inputValue()).toBe("jane.new@example.com");
    expect(await page.getByLabel("A note to the team (optional)").inputValue()).toBe("Happy to talk <any> time.");
    await page.getByText("Please choose your file again").waitFor();
    await checkA11y(page, "Apply form with an error");
    await shot(page, "04-apply-error");
  });

  it("she uploads her CV again, agrees, applies, and sees the thank-you page", async () => {
    const page = candidate.page;
    await page.getByLabel("Resume (optional)").setInputFiles({ name: "Jane CV.pdf", mimeType: "application/pdf", buffer: await cvPdf(["Jane Applicant", "Site reliability", "Operated a fleet of zeppelin telemetry collectors"]) });
    await page.getByLabel(/I agree that Northwind Talent keeps my application/).check();
    await page.getByRole("button", { name: "Send application" }).click();
    await page.getByRole("heading", { name: "Thank you, Jane!" }).waitFor();
    await checkA11y(page, "thank-you page");
    await shot(page, "05-applied");
  });

  it("the recruiter's bell shows it; she is in hiring on that opening with the CV on her page, its text searchable", async () => {
    const page = staff.page;
    await page.goto("/app/");
    const bell = page.getByRole("button", { name: /^Notifications, \d+ unread$/ });
    await bell.waitFor();
    await bell.click();
    await page.getByText("Jane Applicant applied for Platform Engineer (moved from prospecting to hiring)").waitFor();
    await shot(page, "06-bell");
    await page.goto(`/app/candidates/${janeId}`);
    const card = page.getByRole("article", { name: "Platform Engineer application" });
    await card.getByText("Hiring", { exact: true }).waitFor();
    await card.getByText("started in prospecting").waitFor();
    const docs = page.getByRole("region", { name: "Documents" });
    const cv = docs.locator('li[data-document="Jane CV.pdf"]');
    await cv.waitFor();
    expect(await cv.textContent()).toMatch(/Resume · PDF · \d+(\.\d)? (B|KB) · Sent with an application/);
    // Read off the request path, then searchable (the section looks again while it waits).
    await cv.getByText("Text read (searchable)").waitFor({ timeout: 20_000 });
    // The link tied the application to her: the new email joined her profile instead of making a second person.
    await page.getByText("jane.new@example.com").first().waitFor();
    await checkA11y(page, "candidate page with documents");
    await shot(page, "07-candidate-documents");
    // The download is an attachment with the real bytes.
    const href = await cv.getByRole("link", { name: "Download Jane CV.pdf" }).getAttribute("href");
    const r = await page.evaluate(async (u) => {
      const res = await fetch(u!);
      const head = new Uint8Array(await res.arrayBuffer()).slice(0, 5);
      return { disposition: res.headers.get("content-disposition"), csp: res.headers.get("content-security-policy"), head: String.fromCharCode(...head) };
    }, href);
    expect(r).toEqual({ disposition: `attachment; filename="Jane CV.pdf"; filename*=UTF-8''Jane%20CV.pdf`, csp: "default-src 'none'; sandbox; frame-ancestors 'none'", head: "%PDF-" });
    const found = await api<{ items: { candidate: { id: number } }[] }>("candidates.list", { search: "zeppelin" }, false);
    expect(found.items.map((i) => i.candidate.id)).toEqual([janeId]);
  });

  it("a recruiter uploads a document from the candidate page, and an admin removes it", async () => {
    const page = staff.page;
    const docs = page.getByRole("region", { name: "Documents" });
    await docs.getByLabel("Add a document").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("Phone screen notes: strong on incident response.") });
    await docs.getByRole("button", { name: "Upload" }).click();
    const row = docs.locator('li[data-document="notes.txt"]');
    await row.waitFor();
    // A file that is not a document is refused with the server's words.
    await docs.getByLabel("Add a document").setInputFiles({ name: "photo.pdf", mimeType: "application/pdf", buffer: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex") });
    await docs.getByRole("button", { name: "Upload" }).click();
    await docs.getByRole("alert").getByText(/The file is not a PDF, Word/).waitFor();
    await shot(page, "08-documents-upload-refused");
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Remove notes.txt" }).click();
    await row.waitFor({ state: "detached" });
  });

  it("someone applies without a link, with Jane's phone and another email: a new person, offered on Jane's page as a possible duplicate", async () => {
    const page = candidate.page;
    await page.goto(`/jobs/${slug}/${openingId}`);
    await page.getByLabel("Full name").fill("J. Applicant");
    await page.getByLabel("Email").fill("j.applicant@elsewhere.example");
    await page.getByLabel("Phone (optional)").fill("+420 777 123 456");
    await page.getByLabel(/I agree that Northwind Talent keeps my application/).check();
    await page.getByRole("button", { name: "Send application" }).click();
    await page.getByRole("heading", { name: /^Thank you/ }).waitFor();
    const staffPage = staff.page;
    await staffPage.goto(`/app/candidates/${janeId}`);
    const banner = staffPage.getByRole("region", { name: "Possible duplicate" });
    await banner.getByText("the same phone number, given on a careers-page application", { exact: false }).waitFor();
    await banner.getByRole("link", { name: "J. Applicant" }).waitFor();
    // Nothing typed without the link was added to Jane.
    const jane = await api<{ candidate: { emails: { email: string }[] } }>("candidates.get", { candidateId: janeId }, false);
    expect(jane.candidate.emails.map((e) => e.email)).not.toContain("j.applicant@elsewhere.example");
    await checkA11y(staffPage, "candidate page with a flagged possible duplicate");
    await shot(staffPage, "09-possible-duplicate-by-phone");
    await banner.getByRole("button", { name: "Keep both" }).click();
    await banner.waitFor({ state: "detached" });
  });
});
