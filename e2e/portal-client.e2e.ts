import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePng } from "../server/test/support/png";
import { checkA11y, HAS_CHROMIUM, launchBrowser, newPage, pageApi, ROOT, type RunningServer, startServer } from "./harness";

/** A real one-page PDF CV. */
async function cvPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((l, i) => page.drawText(l, { x: 50, y: 780 - i * 18, size: 12, font }));
  return Buffer.from(await doc.save());
}

/** Where this file's screenshots go (looked at by hand; never committed). */
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(ROOT, "screenshots", "portal-client");

/**
 * Issue 10, the client contact's side, against the real server: the agency uploads its logo and bulk-shares
 * two candidates, copies the job's link; the contact opens it, signs in through the link from the outbox, lands
 * on the job, rates one candidate and proposes two interview slots (the job owner gets the task and the bell),
 * rejects the other ("Rejected by client" on the board and the portal); an unshared candidate leaves the portal.
 * A recruiter on the job uploads one candidate's PDF CV and picks it as the resume shown: the contact views it
 * inline and downloads it.
 */
describe.skipIf(!HAS_CHROMIUM).sequential("the client portal, the contact's side", () => {
  let server: RunningServer;
  let browser: Browser;
  let agencyContext: BrowserContext;
  let agency: Page;
  let clientContext: BrowserContext;
  let client: Page;
  let recruiterContext: BrowserContext;
  let recruiter: Page;
  let openingId = 0;
  let jobUrl = "";
  const apps: Record<string, number> = {};
  const candidateIds: Record<string, number> = {};
  let cv: Buffer;

  async function shot(p: Page, name: string) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }
  async function api<T = unknown>(proc: string, input: unknown, mutation = true): Promise<T> {
    const r = await pageApi(agency, proc, input, mutation);
    if (r.status !== 200) throw new Error(`${proc}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.result.data as T;
  }
  /**
   * The newest sign-in link mailed to an address, read from the outbox as an admin can (no SMTP here: the Outbox is
   * where the mail goes, and the link is minted into it when the mail queue keeps the mail, a moment after asking).
   */
  async function lastSignInLink(to: string): Promise<string> {
    let seen = "";
    for (let i = 0; i < 50; i++) {
      const list = await api<{ items: { id: number; to: string; subject: string }[] }>("mail.list", { direction: "out" }, false);
      const m = list.items.find((x) => x.to === to && /sign-in link/i.test(x.subject));
      if (m) {
        seen = (await api<{ text: string }>("mail.get", { mailId: m.id }, false)).text;
        const link = /https?:\/\/\S+\/signin#token=[\w-]+/.exec(seen)?.[0];
        if (link) return link;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no sign-in link mailed to ${to}; last seen: ${seen}`);
  }
  const card = (name: string) => agency.locator(`li.board-card[data-candidate="${name}"]`);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ context: agencyContext, page: agency } = await newPage(browser, server.url));
    await agencyContext.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await agency.goto("/app/signin");
    await agency.getByLabel("Email").fill(server.admin.email);
    await agency.getByLabel("Password").fill(server.admin.password);
    await agency.getByRole("button", { name: "Sign in" }).click();
    await agency.getByRole("heading", { name: /^Hello/ }).waitFor();
  });

  afterAll(async () => {
    await recruiterContext?.close();
    await browser?.close();
    await server?.stop();
  });

  it("the super admin uploads a logo (an SVG is refused) and sets the portal's colour and name", async () => {
    await agency.goto("/app/settings/company");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-logo-"));
    const svg = path.join(dir, "logo.svg");
    fs.writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    // Named .png, but the bytes are SVG: the server goes by the bytes.
    const fake = path.join(dir, "logo.png");
    fs.copyFileSync(svg, fake);
    await agency.getByLabel(/Upload a logo/).setInputFiles(fake);
    await agency.getByText(/SVG logos are not accepted/).waitFor();
    const png = path.join(dir, "acme.png");
    fs.writeFileSync(png, makePng(240, 64, [15, 118, 110]));
    await agency.getByLabel(/Upload a logo/).setInputFiles(png);
    await agency.getByRole("img", { name: "Current logo" }).waitFor();
    const logo = await api<{ logo: { url: string } | null; slug: string }>("company.get", undefined, false);
    const res = await fetch(`${server.url}${logo.logo!.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(png))).toBe(true);
    await api("company.update", { name: "Acme Talent", brandColor: "#0f766e", portalName: "Acme Talent Partners" });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the agency bulk-shares two candidates from the board and copies the job's link", async () => {
    const c = await api<{ id: number }>("clients.create", { name: "Globex" });
    await api("clients.createContact", { clientId: c.id, name: "Carla Client", email: "carla@globex.example" });
    // A recruiter on the job's hiring team (she adds Jane's CV below).
    const rita = await api<{ user: { id: number }; oneTimePassword: string }>("users.create", { email: "rita@acme.example", name: "Rita Recruiter", role: "recruiter" });
    openingId = (await api<{ id: number }>("openings.create", { title: "Data Engineer", clientId: c.id, location: "Berlin (hybrid)", teamUserIds: [rita.user.id] })).id;
    const o = await api<{ hiringStages: { id: number; name: string }[] }>("openings.get", { openingId }, false);
    const people = [
      { fullName: "Jane Doe", headline: "Senior data engineer, streaming and lakehouse", location: "Berlin", skills: ["Python", "Kafka", "dbt", "Spark"], summary: "Eight years building data platforms.", emails: ["jane@example.com"] },
      { fullName: "Ivan Ivanov", headline: "Data engineer", location: "Prague", skills: ["SQL", "Airflow"], summary: "", emails: [] },
    ];
    for (const d of people) {
      const r = await api<{ applicationId: number; candidateId: number }>("candidates.create", { draft: { ...d, title: "Data Engineer", company: "Initech" }, placement: { openingId, workflow: "hiring" } });
      apps[d.fullName] = r.applicationId;
      candidateIds[d.fullName] = r.candidateId;
    }

    // Before sharing, the recruiter uploads Jane's CV (a real PDF) on her candidate page.
    ({ context: recruiterContext, page: recruiter } = await newPage(browser, server.url));
    await recruiter.goto("/app/signin");
    await recruiter.getByLabel("Email").fill("rita@acme.example");
    await recruiter.getByLabel("Password").fill(rita.oneTimePassword);
    await recruiter.getByRole("button", { name: "Sign in" }).click();
    await recruiter.getByRole("heading", { name: "Choose your own password" }).waitFor();
    await recruiter.getByLabel("One-time password").fill(rita.oneTimePassword);
    await recruiter.getByLabel("New password (at least 10 characters)").fill("rita-own-password-1");
    await recruiter.getByLabel("New password again").fill("rita-own-password-1");
    await recruiter.getByRole("button", { name: "Change password" }).click();
    await recruiter.getByRole("heading", { name: "Change password" }).waitFor();
    await recruiter.goto(`/app/candidates/${candidateIds["Jane Doe"]}`);
    const docs = recruiter.getByRole("region", { name: "Documents" });
    cv = await cvPdf(["Jane Doe", "Senior data engineer", "Kafka, dbt, Spark; streaming and lakehouse platforms"]);
    await docs.getByLabel("Add a document").setInputFiles({ name: "Jane Doe CV.pdf", mimeType: "application/pdf", buffer: cv });
    await docs.getByRole("button", { name: "Upload" }).click();
    await docs.locator('li[data-document="Jane Doe CV.pdf"]').waitFor();
    // Jane is further on: the portal groups by the stage each is in now.
    await api("applications.move", { applicationId: apps["Jane Doe"], stageId: o.hiringStages.find((s) => s.name === "Interview")!.id });
    await agency.goto(`/app/openings/${openingId}/pipeline`);
    await card("Jane Doe").waitFor();
    await agency.getByRole("checkbox", { name: "Select Jane Doe" }).check();
    await agency.getByRole("checkbox", { name: "Select Ivan Ivanov" }).check();
    await agency.getByRole("button", { name: "Share with client" }).click();
    await agency.getByTestId("share-summary").getByText("Shared 2 with the client: Jane Doe, Ivan Ivanov.").waitFor();
    const slug = (await api<{ slug: string }>("company.get", undefined, false)).slug;
    jobUrl = `${server.url}/portal/${slug}/jobs/${openingId}`;
    await expect.poll(() => agency.getByTestId("portal-link").textContent()).toBe(jobUrl);
    await agency.getByRole("button", { name: "Copy link" }).click();
    await agency.getByRole("button", { name: "Copied" }).waitFor();
    expect(await agency.evaluate(() => navigator.clipboard.readText())).toBe(jobUrl);
  });

  it("the recruiter picks Jane's CV as the resume shown, in the share panel of her candidate page", async () => {
    await recruiter.reload();
    const panel = recruiter.locator("details.share-panel");
    await panel.locator("summary", { hasText: "Client portal (Globex): shared" }).waitFor();
    if ((await panel.getAttribute("open")) === null) await panel.locator("summary").click();
    const resume = panel.getByLabel("Resume shown");
    await expect.poll(() => resume.locator("option").allTextContents()).toEqual(["No resume", "Jane Doe CV.pdf"]);
    await resume.selectOption({ label: "Jane Doe CV.pdf" });
    await panel.getByRole("button", { name: "Save share" }).click();
    await panel.getByRole("status").getByText("Jane Doe is shared with Globex.").waitFor();
    await shot(recruiter, "00-share-panel-resume");
    expect((recruiter as Page & { pageErrors: string[] }).pageErrors).toEqual([]);
  });

  it("the job link asks the contact to sign in on the branded page; the link from the outbox lands on the job", async () => {
    ({ context: clientContext, page: client } = await newPage(browser, server.url));
    await client.goto(jobUrl);
    await client.getByRole("heading", { name: "Acme Talent Partners" }).waitFor();
    await client.getByRole("img", { name: /logo$/ }).waitFor();
    await client.getByText("Sign in to see the candidates shared with you for this job.").waitFor();
    // The brand colour drives the page (darkened if it were too light for white text).
    expect(await client.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--brand").trim())).toBe("#0f766e");
    await checkA11y(client, "portal sign-in");
    await shot(client, "01-sign-in");
    // Nothing of the admin UI is downloaded by the portal.
    const scripts = await client.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(scripts.some((s) => s.includes("/app/"))).toBe(false);

    // By keyboard: Enter in the field sends the form.
    await client.getByLabel("Work email").fill("carla@globex.example");
    await client.getByLabel("Work email").press("Enter");
    await client.getByText("Check your email.").waitFor();
    await checkA11y(client, "portal link sent");

    const link = await lastSignInLink("carla@globex.example");
    await client.goto(link);
    await client.getByRole("heading", { name: "Data Engineer", level: 1 }).waitFor();
    expect(new URL(client.url()).pathname).toBe(new URL(jobUrl).pathname);
    // The token is gone from the address bar, and the link does not work twice.
    expect(client.url()).not.toContain("token");
    const again = await browser.newContext({ baseURL: server.url });
    const p2 = await again.newPage();
    await p2.goto(link);
    await p2.getByRole("heading", { name: "This sign-in link cannot be used" }).waitFor();
    await again.close();
  });

  it("the job page shows the progress and both candidates in their stages; the jobs list counts them", async () => {
    const progress = client.getByRole("region", { name: "Progress" });
    await expect.poll(() => progress.locator("li.has").allInnerTexts()).toEqual(["1\nNew", "1\nInterview"]);
    const group = (stage: string) => client.getByRole("region", { name: new RegExp(`^${stage} `) });
    await group("New").locator('li[data-candidate="Ivan Ivanov"]').waitFor();
    await group("Interview").locator('li[data-candidate="Jane Doe"]').waitFor();
    await checkA11y(client, "portal job page");
    await shot(client, "03-job");

    await client.getByRole("link", { name: "Jobs", exact: true }).first().click();
    await client.getByRole("heading", { name: "Jobs", level: 1 }).waitFor();
    const job = client.locator('li[data-job="Data Engineer"]');
    await expect.poll(() => job.locator(".counts").textContent()).toBe("Shared2In interview1Hired0Rejected0");
    await client.getByText("1 open job").waitFor();
    await checkA11y(client, "portal jobs list");
    await shot(client, "02-jobs");
  });

  it("the contact rates Jane and proposes two interview slots: the job owner gets the task and the bell", async () => {
    await client.locator('li[data-job="Data Engineer"]').getByRole("link", { name: "Data Engineer" }).click();
    await client.getByRole("link", { name: "Jane Doe" }).click();
    await client.getByRole("heading", { name: "Jane Doe", level: 1 }).waitFor();
    await client.getByText("Kafka").waitFor();
    // Contact details are not in the default profile template.
    expect(await client.getByText("jane@example.com").count()).toBe(0);
    // Stars are buttons: focus moves over them without rating; Enter (or Space) rates.
    await client.getByRole("button", { name: "3 stars" }).focus();
    await client.keyboard.press("Tab");
    await client.keyboard.press("Enter");
    await client.getByText("Rated 4 of 5.", { exact: false }).waitFor();
    await expect.poll(() => client.getByRole("button", { name: "4 stars" }).getAttribute("aria-pressed")).toBe("true");

    await client.getByRole("button", { name: "Interview" }).click();
    const form = client.getByRole("form", { name: "Ask for an interview with Jane Doe" });
    await expect.poll(() => client.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("datetime-local");
    await form.getByLabel("Option 1", { exact: true }).fill("2026-03-02T10:00");
    await form.getByRole("button", { name: "+ Add another time" }).click();
    await form.getByLabel("Option 2", { exact: true }).fill("2026-03-03T15:30");
    await form.getByLabel("Time zone").selectOption("Europe/Berlin");
    await form.getByLabel("Note (optional)").fill("Video call is fine.");
    await checkA11y(client, "portal interview form");
    await form.getByRole("button", { name: "Send interview request" }).click();
    await client.getByText(/Interview request sent/).waitFor();
    await client.getByText("Asked for an interview: 2026-03-02 10:00 (Europe/Berlin); 2026-03-03 15:30 (Europe/Berlin) — Video call is fine.").waitFor();
    // The resume the recruiter picked: viewed in the browser (inline PDF) or downloaded (an attachment).
    const docs = client.getByRole("region", { name: "Resume and video" });
    await docs.getByText("Jane Doe CV.pdf").waitFor();
    expect(await client.getByText("No resume shared.").count()).toBe(0);
    const viewed = clientContext.waitForEvent("response", (r) => r.url().endsWith(`/portal/api/resume/${apps["Jane Doe"]}?view=1`));
    const popup = client.waitForEvent("popup");
    await docs.getByRole("link", { name: "View resume" }).click();
    const view = await viewed;
    expect(view.status()).toBe(200);
    expect(view.headers()["content-type"]).toBe("application/pdf");
    expect(view.headers()["content-disposition"]).toMatch(/^inline; filename="Jane Doe CV.pdf"/);
    expect(view.headers()["x-content-type-options"]).toBe("nosniff");
    // Chromium opens it in its own PDF viewer (what the tab's document holds is the viewer's frame around the PDF):
    // the viewer names the file once it has read it.
    const tab = await popup;
    await expect.poll(() => tab.frames().some((f) => f.url().startsWith("chrome-extension://"))).toBe(true);
    const viewer = tab.frames().find((f) => f.url().startsWith("chrome-extension://"))!;
    await viewer.getByText("Jane Doe CV.pdf").first().waitFor();
    await tab.screenshot({ path: path.join(SHOTS, "04b-resume-viewer.png") });
    await tab.close();
    const download = client.waitForEvent("download");
    await docs.getByRole("link", { name: "Download resume" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("Jane Doe CV.pdf");
    expect(fs.readFileSync((await file.path())!).equals(cv)).toBe(true);
    // The same route, fetched with the page's cookies: an attachment; without the portal session, nothing.
    const fetched = await client.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get("content-type"), disposition: r.headers.get("content-disposition"), head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) };
    }, `/portal/api/resume/${apps["Jane Doe"]}`);
    expect(fetched).toEqual({ status: 200, type: "application/pdf", disposition: `attachment; filename="Jane Doe CV.pdf"; filename*=UTF-8''Jane%20Doe%20CV.pdf`, head: "%PDF-" });
    expect((await fetch(`${server.url}/portal/api/resume/${apps["Jane Doe"]}`)).status).toBe(401);
    await checkA11y(client, "portal candidate page");
    await shot(client, "04-candidate");

    // The job owner (the admin who created the opening): a task and the bell.
    await agency.goto("/app/tasks");
    await agency.getByText("Arrange an interview with Jane Doe for Data Engineer").waitFor();
    await agency.getByText(/2026-03-02 10:00 \(Europe\/Berlin\)/).first().waitFor();
    await agency.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ }).waitFor();
    await agency.goto(`/app/candidates/${(await api<{ items: { candidate: { id: number; fullName: string } }[] }>("candidates.list", { tab: "hiring", openingId, limit: 50 }, false)).items.find((i) => i.candidate.fullName === "Jane Doe")!.candidate.id}`);
    await agency.getByText("Rated 4/5 on the client portal (★★★★☆)").waitFor();
    await agency.getByText(/Carla Client/).first().waitFor();
  });

  it("the contact rejects Ivan: 'Rejected by client' on the portal and on the board; the page becomes view-only", async () => {
    await client.getByRole("link", { name: "Data Engineer" }).click();
    await client.getByRole("link", { name: "Ivan Ivanov" }).click();
    await client.getByRole("heading", { name: "Ivan Ivanov", level: 1 }).waitFor();
    await client.getByRole("button", { name: "Reject" }).click();
    await client.getByLabel("Reason (optional)").fill("Needs more streaming experience.");
    await client.getByRole("button", { name: "Reject Ivan Ivanov" }).click();
    await client.getByText("Ivan Ivanov was rejected.", { exact: false }).waitFor();
    await client.locator(".page-head .badge", { hasText: "Rejected by client" }).waitFor();
    expect(await client.getByRole("button", { name: "Interview" }).count()).toBe(0);
    expect(await client.getByRole("button", { name: "3 stars" }).count()).toBe(0);
    await checkA11y(client, "portal decided candidate");
    await shot(client, "05-candidate-rejected");
    await client.getByRole("link", { name: "Data Engineer" }).click();
    await client.getByRole("region", { name: /^Decided / }).locator('li[data-candidate="Ivan Ivanov"]').getByText("Rejected by client").waitFor();

    await agency.goto(`/app/openings/${openingId}/pipeline`);
    await agency.locator('[data-lane="decisioned"] li[data-candidate="Ivan Ivanov"]').getByText("Rejected by client").waitFor();
  });

  it("unsharing takes a candidate off the portal at once", async () => {
    await card("Jane Doe").waitFor();
    await agency.getByRole("checkbox", { name: "Select Jane Doe" }).check();
    await agency.getByRole("button", { name: "Unshare" }).click();
    await agency.getByText("Unshared 1.").waitFor();
    await client.reload();
    await client.getByRole("heading", { name: "Data Engineer", level: 1 }).waitFor();
    await client.locator('li[data-candidate="Ivan Ivanov"]').waitFor();
    expect(await client.locator('li[data-candidate="Jane Doe"]').count()).toBe(0);
    await client.goto(`/portal/${new URL(jobUrl).pathname.split("/")[2]}/candidates/${apps["Jane Doe"]}`);
    await client.getByRole("heading", { name: "Candidate not found" }).waitFor();

    // An optional password, set on the Account page; sign out ends the session; the password signs in again
    // from the job's link, which opens the job.
    await client.getByRole("link", { name: "Account" }).click();
    await client.getByRole("heading", { name: "Set a password" }).waitFor();
    await client.getByLabel("New password", { exact: true }).fill("carla-long-password");
    await client.getByLabel("New password again").fill("carla-long-password");
    await client.getByRole("button", { name: "Save password" }).click();
    await client.getByText("Password saved.", { exact: false }).waitFor();
    await client.getByRole("heading", { name: "Change your password" }).waitFor();
    await checkA11y(client, "portal account");
    await shot(client, "06-account");
    await client.getByRole("button", { name: "Sign out" }).click();
    await client.getByRole("button", { name: "Email me a sign-in link" }).waitFor();
    await client.goto(jobUrl);
    await client.getByRole("button", { name: "Sign in with a password instead" }).click();
    await client.getByLabel("Work email").fill("carla@globex.example");
    await client.getByLabel("Password").fill("wrong password!");
    await client.getByRole("button", { name: "Sign in", exact: true }).click();
    await client.getByRole("alert").getByText("Wrong email or password").waitFor();
    await client.getByLabel("Password").fill("carla-long-password");
    await client.getByRole("button", { name: "Sign in", exact: true }).click();
    await client.getByRole("heading", { name: "Data Engineer", level: 1 }).waitFor();
    expect((client as Page & { pageErrors: string[] }).pageErrors).toEqual([]);
    expect((agency as Page & { pageErrors: string[] }).pageErrors).toEqual([]);
    await clientContext.close();
  });
});
