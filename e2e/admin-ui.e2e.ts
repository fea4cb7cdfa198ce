import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, HAS_CHROMIUM, IN_CI, launchBrowser, newPage, pageApi, type RunningServer, screenshot, serious, startServer } from "./harness";

// In CI a missing Chromium is a failure, not a skip.
describe.runIf(IN_CI && !HAS_CHROMIUM)("browser", () => {
  it("has Chromium to run the browser tests", () => {
    expect(HAS_CHROMIUM, "install it: apt-get update && apt-get install -y chromium").toBe(true);
  });
});

describe.skipIf(!HAS_CHROMIUM).sequential("admin web UI", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let openingPath = "";
  const a11y: { screen: string; violations: string[] }[] = [];

  async function checkA11y(screen: string) {
    const vs = serious(await axeViolations(page));
    a11y.push({ screen, violations: vs.map((v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`) });
    expect(vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${screen}`).toEqual([]);
  }


  const attr = (v: string) => v.replace(/["\\]/g, "\\$&");
  const board = (name: string) => page.locator(`section.column[data-stage="${attr(name)}"]`);
  const card = (name: string) => page.locator(`li.board-card[data-candidate="${attr(name)}"]`);
  /** Name boxes whose text does not fit (scrolled or cut), as "value (scroll > client px)". */
  const cutBoxes = (selector: string) =>
    page.locator(selector).evaluateAll((els) =>
      (els as HTMLInputElement[]).filter((el) => el.scrollWidth > el.clientWidth).map((el) => `${el.value} (${el.scrollWidth} > ${el.clientWidth})`),
    );
  const LONG_NAME = "Withdrew: accepted a counter-offer from the current employer"; // 60 characters

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page } = await newPage(browser, server.url));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (a11y.length) console.log(`axe checked: ${a11y.map((a) => a.screen).join(", ")}`);
  });

  it("redirects / to the app, which asks to sign in; wrong credentials get a clear message", async () => {
    await page.goto("/");
    await page.waitForURL(/\/app\/signin/);
    await expect.poll(() => page.title()).toContain("Sign in");
    await checkA11y("sign-in");
    await page.getByLabel("Email").fill(server.admin.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong email or password" }).waitFor();
    await screenshot(page, "01-sign-in-wrong-password");
  });

  it("signs in and shows the dashboard", async () => {
    await page.getByLabel("Password").fill(server.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Hello, Admin" }).waitFor();
    await page.getByRole("heading", { name: "Need follow-up" }).waitFor();
    await page.getByText("You are not on any open opening's hiring team yet.").waitFor();
    await checkA11y("dashboard (empty)");
  });

  it("creates an opening", async () => {
    await page.getByRole("link", { name: "Openings", exact: true }).click();
    await page.getByText("There are no openings yet.").waitFor();
    await page.getByRole("link", { name: "New opening" }).click();
    await page.getByLabel("Title").fill("Platform Engineer");
    await page.getByLabel("Department").fill("Engineering");
    await page.getByLabel("Location").fill("Prague");
    await page.getByLabel("Description").fill("Kubernetes, Go and TypeScript.");
    await page.getByRole("button", { name: "Create opening" }).click();
    await page.getByRole("heading", { name: /Platform Engineer/ }).waitFor();
    await page.waitForURL(/\/app\/openings\/\d+\/pipeline$/);
    openingPath = new URL(page.url()).pathname.replace(/\/pipeline$/, "");
    for (const stage of ["New", "Phone screen", "Interview", "Offer"]) await board(stage).waitFor();
    // Prospecting is off: no Prospecting tab yet.
    expect(await page.getByRole("link", { name: "Prospecting", exact: true }).count()).toBe(0);
    await screenshot(page, "02-opening-pipeline-empty");
  });

  it("turns prospecting on and edits its stages (add, rename, reorder by keyboard and by drag, remove)", async () => {
    await page.getByRole("link", { name: "Candidate sources" }).click();
    const sw = page.getByRole("switch", { name: /prospecting for this/ });
    expect(await sw.isChecked()).toBe(false);
    await sw.check();
    await page.getByText("Stages: Identified → Contacted → Replied → Interested").waitFor();
    await page.getByRole("link", { name: "Prospecting", exact: true }).waitFor();
    await page.getByRole("button", { name: "Manage stages" }).click();

    await page.getByLabel("New stage").fill("Screened");
    await page.getByRole("button", { name: "Add stage" }).click();
    await page.getByText("Stages: Identified → Contacted → Replied → Interested → Screened").waitFor();

    await page.getByLabel("Name of stage 3").fill("Responded");
    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByText("Stages: Identified → Contacted → Responded → Interested → Screened").waitFor();

    // Keyboard: focus the button and press Enter.
    await page.getByRole("button", { name: "Move Screened up" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Stages: Identified → Contacted → Responded → Screened → Interested").waitFor();

    // Drag "Interested" onto "Contacted": it goes before it.
    await page.locator('li.stage-row[data-stage="Interested"]').dragTo(page.locator('li.stage-row[data-stage="Contacted"]'));
    await page.getByText("Stages: Identified → Interested → Contacted → Responded → Screened").waitFor();

    await page.getByRole("button", { name: "Remove Screened" }).click();
    await page.getByRole("group", { name: "Remove Screened" }).getByRole("button", { name: "Remove stage" }).click();
    await page.getByText("Stages: Identified → Interested → Contacted → Responded", { exact: true }).waitFor();
    // A long stage name fits its box (typed, then put back: nothing is saved).
    await page.getByLabel("Name of stage 1").fill(LONG_NAME);
    expect(await cutBoxes("li.stage-row .stage-name input")).toEqual([]);
    await screenshot(page, "03b-stage-editor-long-name");
    await page.getByLabel("Name of stage 1").fill("Identified");
    await screenshot(page, "03-candidate-sources-prospecting-stages");
    await checkA11y("opening: candidate sources + stage editor");
  });

  it("adds a prospect by hand; scraped-looking text shows as text", async () => {
    await page.getByRole("link", { name: "Add prospect" }).click();
    await page.getByLabel("Full name").fill('Eve <img src=x onerror="window.__xss=1"> Nováková');
    await page.getByLabel("Current title").fill("SRE");
    await page.getByLabel("Current company").fill("Kiwi.com");
    await page.getByLabel("Profile URL (LinkedIn, GitHub…)").fill("https://www.linkedin.com/in/eve-novakova-e2e/");
    await page.getByLabel("Emails (one per line)").fill("eve@example.com");
    expect(await page.getByRole("radio", { name: "Prospecting" }).isChecked()).toBe(true);
    await checkA11y("add candidate");
    await page.getByRole("button", { name: "Add prospect" }).click();
    await page.getByRole("heading", { name: /Eve <img src=x onerror="window.__xss=1"> Nováková/ }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("img[src=x]").count()).toBe(0);
    await page.getByText("Stage: Identified").waitFor();
  });

  it("moves the prospect on the prospecting board (drag and keyboard menu) and to hiring", async () => {
    await page.goto(`/app${openingPath.replace(/^\/app/, "")}/prospecting`);
    const eve = 'Eve <img src=x onerror="window.__xss=1"> Nováková';
    await board("Identified").locator(card(eve)).waitFor();
    await screenshot(page, "04-prospecting-board");
    await checkA11y("prospecting board");
    // Drag and drop between columns.
    await card(eve).dragTo(board("Contacted"));
    await board("Contacted").locator(card(eve)).waitFor();
    // The keyboard way: the Move… menu.
    await card(eve).getByRole("button", { name: /^Move Eve/ }).click();
    await card(eve).getByRole("button", { name: "Responded" }).focus();
    await page.keyboard.press("Enter");
    await board("Responded").locator(card(eve)).waitFor();
    // Keyboard focus stays on the moved card (its Move button, now in Responded), not on the page body.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest("section.column")?.getAttribute("data-stage"))).toBe("Responded");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toMatch(/^Move Eve/);
    await page.reload();
    await board("Responded").locator(card(eve)).waitFor();
    // To hiring.
    await card(eve).getByRole("button", { name: /^Move Eve/ }).click();
    await card(eve).getByRole("button", { name: "Hiring: Phone screen" }).click();
    await expect.poll(() => card(eve).count()).toBe(0);
    await page.getByRole("link", { name: "Pipeline" }).click();
    await board("Phone screen").locator(card(eve)).waitFor();
    await screenshot(page, "05-hiring-board");
    await checkA11y("hiring board");
  });

  it("moves a prospecting-origin candidate back to prospecting from the profile", async () => {
    const eve = 'Eve <img src=x onerror="window.__xss=1"> Nováková';
    await card(eve).getByRole("link").click();
    await page.getByText("Stage: Phone screen").waitFor();
    await page.getByText("started in prospecting").waitFor();
    await page.getByLabel("Prospecting stage").selectOption({ label: "Contacted" });
    await page.getByRole("button", { name: "Move back to prospecting" }).click();
    await page.getByText("Stage: Contacted").waitFor();
    await page.getByText("Moved from Phone screen to Contacted (hiring → prospecting)").waitFor();
    await screenshot(page, "06-candidate-profile");
    await checkA11y("candidate profile");
  });

  it("never offers a hiring-origin candidate 'back to prospecting'; decision and reopen", async () => {
    await page.goto(`${openingPath}/pipeline`);
    await page.getByRole("link", { name: "Add candidate" }).click();
    await page.getByLabel("Full name").fill("Hugo Hiring");
    expect(await page.getByRole("radio", { name: "Hiring pipeline" }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Add candidate" }).click();
    await page.getByRole("heading", { name: "Hugo Hiring" }).waitFor();
    await page.getByText("Stage: New").waitFor();
    await page.getByText("started in hiring").waitFor();
    await page.getByRole("button", { name: "Decide" }).waitFor();
    expect(await page.getByRole("button", { name: /back to prospecting/i }).count()).toBe(0);
    expect(await page.getByText(/back to prospecting/i).count()).toBe(0);

    await page.getByRole("combobox", { name: /^Decision/ }).selectOption({ label: "Rejected: not qualified" });
    await page.getByPlaceholder("Note (optional)").fill("Needs more Go");
    await page.getByRole("button", { name: "Decide" }).click();
    await page.locator(".app-status").filter({ hasText: "Decisioned: Rejected: not qualified" }).waitFor();
    await page.getByText("Decisioned: Rejected: not qualified — Needs more Go").waitFor();
    expect(await page.getByRole("button", { name: "Decide" }).count()).toBe(0);
    await page.getByLabel("Reopen into").selectOption({ label: "Interview" });
    await page.getByRole("button", { name: "Reopen" }).click();
    await page.getByText("Stage: Interview").waitFor();
    await page.getByText("Reopened into Interview").waitFor();
    expect(await page.getByRole("button", { name: /back to prospecting/i }).count()).toBe(0);
  });

  it("on the hiring board offers 'back to prospecting' only to a candidate who started in prospecting, and moves her back", async () => {
    const eve = 'Eve <img src=x onerror="window.__xss=1"> Nováková';
    const moves: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("applications.move")) moves.push(r.url());
    });
    // Eve (back in prospecting since the last test) goes to hiring again, dropped on the board's hiring target.
    await page.goto(`${openingPath}/prospecting`);
    await board("Contacted").locator(card(eve)).waitFor();
    await card(eve).dragTo(page.locator(".dropzone").filter({ hasText: "Move to hiring" }));
    await expect.poll(() => card(eve).count()).toBe(0);
    await page.getByRole("link", { name: "Pipeline" }).click();
    await board("New").locator(card(eve)).waitFor();
    await board("Interview").locator(card("Hugo Hiring")).waitFor();
    const sent = moves.length;

    // Hugo started in hiring: his menu has no way back, and the way-back drop target does not take him.
    await card("Hugo Hiring").getByRole("button", { name: "Move Hugo Hiring" }).click();
    await card("Hugo Hiring").getByRole("button", { name: "Offer" }).waitFor();
    expect(await page.getByRole("button", { name: /back to prospecting/i }).count()).toBe(0);
    await page.keyboard.press("Escape");
    const backZone = page.locator(".dropzone").filter({ hasText: "Move back to prospecting (Identified)" });
    await card("Hugo Hiring").dragTo(backZone);
    await board("Interview").locator(card("Hugo Hiring")).waitFor();
    expect(moves.length).toBe(sent);

    // Eve started in prospecting: offered every prospecting stage.
    await card(eve).getByRole("button", { name: /^Move Eve/ }).click();
    for (const s of ["Identified", "Interested", "Contacted", "Responded"]) await card(eve).getByRole("button", { name: `Back to prospecting: ${s}` }).waitFor();
    await screenshot(page, "06a-hiring-board-move-back-menu");
    await checkA11y("hiring board with the Move menu open");
    await card(eve).getByRole("button", { name: "Back to prospecting: Responded" }).click();
    await expect.poll(() => card(eve).count()).toBe(0);
    expect(moves.length).toBe(sent + 1);
    await page.reload();
    await board("Interview").locator(card("Hugo Hiring")).waitFor();
    expect(await card(eve).count()).toBe(0);
    expect(await page.getByRole("alert").filter({ hasText: "was not moved" }).count()).toBe(0);
    await page.getByRole("link", { name: "Prospecting", exact: true }).click();
    await board("Responded").locator(card(eve)).waitFor();
  });

  it("rolls a refused board move back and says why", async () => {
    await page.goto(`${openingPath}/pipeline`);
    await board("Interview").locator(card("Hugo Hiring")).waitFor();
    // Someone else decisions Hugo while this board is open.
    const got = await pageApi(page, "candidates.list", { tab: "hiring", openingId: Number(openingPath.split("/").pop()) }, false);
    const appId = got.body.result.data.items.find((i: { candidate: { fullName: string } }) => i.candidate.fullName === "Hugo Hiring").application.applicationId;
    const states = await pageApi(page, "decisionedStates.list", {}, false);
    const r = await pageApi(page, "applications.decide", { applicationId: appId, stateId: states.body.result.data[5].id });
    expect(r.status).toBe(200);
    await card("Hugo Hiring").getByRole("button", { name: "Move Hugo Hiring" }).click();
    await card("Hugo Hiring").getByRole("button", { name: "Offer" }).click();
    await page.getByRole("alert").filter({ hasText: "Hugo Hiring was not moved: This application is decisioned; reopen it first" }).first().waitFor();
    await screenshot(page, "07-board-refused-move");
    // After the refusal the board is refreshed from the server: Hugo (decisioned) is gone, never in Offer,
    // and listed, read-only, in the Decisioned lane with his state.
    await expect.poll(() => board("Offer").locator(card("Hugo Hiring")).count()).toBe(0);
    const lane = page.locator('section[data-lane="decisioned"]');
    await lane.locator(card("Hugo Hiring")).getByText("Hired").waitFor();
    await lane.getByText("was in Interview").waitFor();
    await expect.poll(() => lane.getByRole("heading").textContent()).toBe("Decisioned 1");
    expect(await lane.locator(card("Hugo Hiring")).getByRole("button").count()).toBe(0);
    await screenshot(page, "07a-hiring-board-decisioned-lane");
    await checkA11y("hiring board with a decisioned lane");
    await lane.getByRole("link", { name: "Hugo Hiring" }).click();
    await page.getByRole("button", { name: "Reopen" }).waitFor();
  });

  it("archives the opening; adding is refused with a clear message", async () => {
    await page.goto(`${openingPath}/settings`);
    await page.getByRole("button", { name: "Archive…" }).click();
    await page.getByRole("button", { name: "Archive opening" }).click();
    await page.getByText("This opening is archived: it accepts no new candidates.").waitFor();
    await screenshot(page, "08-job-settings-archived");
    await checkA11y("job settings");
    expect(await page.getByRole("link", { name: "Add candidate" }).count()).toBe(0);
    // A stale link or a hand-typed address still reaches the form: the server refuses, the UI says why.
    await page.goto(`/app/candidates/new?opening=${openingPath.split("/").pop()}&workflow=hiring`);
    await page.getByText("This opening is archived and accepts no new candidates").first().waitFor();
    await page.getByLabel("Full name").fill("Late Larry");
    await page.getByRole("button", { name: "Add candidate" }).click();
    await page.getByRole("alert").filter({ hasText: "Not added. This opening is archived and accepts no new candidates" }).waitFor();
    await screenshot(page, "09-add-refused-archived");
    const list = await pageApi(page, "candidates.list", { tab: "all", search: "Larry" }, false);
    expect(list.body.result.data.items).toEqual([]);
  });
  it("lists candidates with tabs, search and filters kept in the URL (back button works), and selection", async () => {
    await page.goto("/app/candidates");
    await page.getByRole("link", { name: "Hugo Hiring" }).waitFor();
    await page.getByRole("link", { name: /^Eve/ }).waitFor();
    await checkA11y("candidates list");
    await page.getByRole("link", { name: "Prospects", exact: true }).click();
    await page.waitForURL(/tab=prospects/);
    await page.getByRole("link", { name: /^Eve/ }).waitFor();
    expect(await page.getByRole("link", { name: "Hugo Hiring" }).count()).toBe(0);
    await page.getByRole("link", { name: "All", exact: true }).click();
    await page.getByLabel("Search").fill("Hugo");
    await page.waitForURL(/q=Hugo/);
    await expect.poll(() => page.getByRole("link", { name: /^Eve/ }).count()).toBe(0);
    await page.getByLabel("Do not contact").selectOption("no");
    await page.waitForURL(/dnc=no/);
    await page.getByRole("link", { name: "Hugo Hiring" }).waitFor();
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes("dnc=") && u.search.includes("q=Hugo"));
    await expect.poll(() => page.getByLabel("Do not contact").inputValue()).toBe("");
    await page.reload();
    await expect.poll(() => page.getByLabel("Search").inputValue()).toBe("Hugo");
    await page.getByLabel("Select Hugo Hiring").check();
    await page.getByText("1 selected").waitFor();
    await screenshot(page, "10-candidates-list");
  });

  it("bulk uploads a CSV with one bad row: map, preview with the row error, commit with progress, summary", async () => {
    const created = await pageApi(page, "openings.create", { title: "Data Engineer", prospectingEnabled: true });
    expect(created.status).toBe(200);
    const dataOpening = created.body.result.data as { id: number };
    await page.goto(`/app/import?opening=${dataOpening.id}&workflow=prospecting`);
    await page.getByRole("heading", { name: "Bulk upload" }).waitFor();
    await page.getByRole("combobox", { name: "Stage" }).selectOption({ label: "Contacted" });
    const csv = [
      "Name,E-mail,Job title,Employer,Remark",
      "Anna Import,anna.import@example.com,Data Engineer,Acme,met at meetup",
      ",nobody@example.com,Analyst,Nameless Inc,",
      "Cecil Import,cecil.import@example.com,Analyst,Beta,",
      "Eve Again,eve@example.com,SRE,Kiwi.com,",
    ].join("\n");
    await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "2. Map the columns" }).waitFor();
    expect(await page.getByLabel("Field for column Name").inputValue()).toBe("fullName");
    expect(await page.getByLabel("Field for column E-mail").inputValue()).toBe("email");
    // Each column shows what it holds, so an unrecognised header can be mapped by its values.
    await page.locator("tr").filter({ hasText: "Remark" }).getByText("met at meetup").waitFor();
    // Map the unrecognised "Remark" column by hand, then check again.
    await page.getByLabel("Field for column Remark").selectOption("summary");
    await page.getByRole("button", { name: "Check again with this mapping" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Check again with this mapping" }).count()).toBe(0);
    await page.getByText(/4 rows into Contacted: 2 new candidates, 1 existing candidate to link, 1 row with errors/).waitFor();
    await page.getByRole("cell", { name: /name/i }).first().waitFor();
    await screenshot(page, "11-bulk-upload-preview");
    await checkA11y("bulk upload preview");
    await page.getByRole("button", { name: "Import 3 valid rows, skip 1 with errors" }).click();
    await page.getByRole("heading", { name: "Import finished" }).waitFor({ timeout: 30_000 });
    await page.getByText("2 new candidates added").waitFor();
    await page.getByText("1 existing candidate linked").waitFor();
    await page.getByText("1 row skipped").waitFor();
    // Which rows were linked to whom and which were skipped (and why): listed, and as files.
    await page.getByRole("table", { name: "Linked rows" }).getByRole("link", { name: /^Eve/ }).waitFor();
    await page.getByRole("table", { name: "Skipped rows" }).getByText("Missing name").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the skipped rows (CSV)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^import-\d+-skipped\.csv$/);
    const file = fs.readFileSync((await download.path())!, "utf8");
    expect(file.replace(/^\uFEFF/, "").split("\r\n").slice(0, 2)).toEqual(["Row,Name in the file,Candidate,Candidate link,Reason", "3,,,,Missing name"]);
    await screenshot(page, "12-bulk-upload-summary");
    await checkA11y("bulk upload summary");
    await page.getByRole("link", { name: "Open the board" }).click();
    await board("Contacted").locator(card("Anna Import")).waitFor();
    await board("Contacted").locator(card("Cecil Import")).waitFor();
    expect(await card("Eve Again").count()).toBe(0); // linked to the existing Eve, not a second person
    await screenshot(page, "13-prospecting-board-after-import");
  });

  it("shows the dashboard with counts, follow-up and recent activity", async () => {
    await page.goto("/app/");
    await page.getByRole("heading", { name: "Recent activity" }).waitFor();
    await page.getByRole("link", { name: /needs? follow-up/ }).waitFor();
    await page.getByRole("link", { name: "Data Engineer" }).first().waitFor();
    await screenshot(page, "14-dashboard");
    await checkA11y("dashboard");
  });

  let recruiterPassword = "";
  it("a super admin changes a decisioned state and adds a recruiter (one-time password shown once)", async () => {
    await page.getByRole("link", { name: "Company settings" }).click();
    await page.getByRole("heading", { name: "Reasons for reject and other decisioned states" }).waitFor();
    // Long names fit their boxes: the defaults, and one of 60 characters.
    await page.getByLabel("New state").fill(LONG_NAME);
    await page.getByLabel("Kind").selectOption("withdrawn");
    await page.getByRole("button", { name: "Add state" }).click();
    await page.locator(`li[data-state="${LONG_NAME}"]`).waitFor();
    expect(await cutBoxes("li[data-state] .stage-name input")).toEqual([]);
    const field = page.getByLabel("Name of state Rejected: salary expectations");
    await field.fill("Rejected: salary too high");
    await page.locator('li[data-state="Rejected: salary expectations"]').getByRole("button", { name: "Rename" }).click();
    await page.locator('li[data-state="Rejected: salary too high"]').waitFor();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("Rita Recruiter");
    await page.getByRole("textbox", { name: "Email", exact: true }).fill("rita@e2e.test");
    await page.getByRole("button", { name: "Add user" }).click();
    recruiterPassword = (await page.getByTestId("secret").textContent()) ?? "";
    expect(recruiterPassword.length).toBeGreaterThan(8);
    await page.getByRole("cell", { name: "rita@e2e.test" }).waitFor();
    await screenshot(page, "15-company-settings");
    await checkA11y("company settings");
  });

  it("a recruiter is refused company settings, in the UI and by the API", async () => {
    const { context: rc, page: rp } = await newPage(browser, server.url);
    try {
      await rp.goto("/app/signin");
      await rp.getByLabel("Email").fill("rita@e2e.test");
      await rp.getByLabel("Password").fill(recruiterPassword);
      await rp.getByRole("button", { name: "Sign in" }).click();
      // A one-time password leads straight to choosing one's own.
      await rp.getByRole("heading", { name: "Choose your own password" }).waitFor();
      await rp.getByLabel("One-time password").fill(recruiterPassword);
      await rp.getByLabel("New password (at least 10 characters)").fill("rita-own-password-1");
      await rp.getByLabel("New password again").fill("rita-own-password-1");
      await rp.getByRole("button", { name: "Change password" }).click();
      await rp.getByRole("heading", { name: "Change password" }).waitFor();
      expect(await rp.getByRole("link", { name: "Company settings" }).count()).toBe(0);
      await rp.goto("/app/settings/company");
      await rp.getByText("Only super admins can change company settings").waitFor();
      expect(await rp.getByLabel(/Name of state/).count()).toBe(0);
      await screenshot(rp, "16-company-settings-refused-recruiter");
      const states = await pageApi(rp, "decisionedStates.list", {}, false);
      const target = states.body.result.data.find((s: { name: string }) => s.name === "Rejected: salary too high");
      expect(target).toBeTruthy();
      const refused = await pageApi(rp, "decisionedStates.rename", { stateId: target.id, name: "Recruiter was here" });
      expect(refused.status).toBe(403);
      expect(refused.body.error.data.code).toBe("FORBIDDEN");
      const again = await pageApi(rp, "decisionedStates.list", {}, false);
      expect(again.body.result.data.map((s: { name: string }) => s.name)).toContain("Rejected: salary too high");
    } finally {
      await rc.close();
    }
  });

  it("creates an API token (shown once) and revokes it", async () => {
    await page.goto("/app/settings/personal");
    await page.getByLabel("Token name").fill("My laptop extension");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("secret").textContent()) ?? "";
    expect(token).toMatch(/^pro_/);
    await page.getByRole("cell", { name: "My laptop extension", exact: true }).waitFor();
    await screenshot(page, "17-personal-settings-token");
    await checkA11y("personal settings");
    const ok = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    await page.getByRole("button", { name: "Revoke My laptop extension" }).click();
    await page.getByText("No API tokens yet.").waitFor();
    await page.reload();
    expect(await page.getByText(token).count()).toBe(0); // never shown again
    const revoked = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
  });

  it("says so when an account is locked after repeated wrong passwords; signs out", async () => {
    const { context: lc, page: lp } = await newPage(browser, server.url);
    try {
      await lp.goto("/app/signin");
      await lp.getByLabel("Email").fill("rita@e2e.test");
      for (let i = 0; i < 5; i++) {
        await lp.getByLabel("Password").fill(`wrong-${i}`);
        await lp.getByRole("button", { name: "Sign in" }).click();
        await lp.getByRole("alert").filter({ hasText: "Wrong email or password" }).waitFor();
      }
      await lp.getByLabel("Password").fill("rita-own-password-1");
      await lp.getByRole("button", { name: "Sign in" }).click();
      await lp.getByRole("alert").filter({ hasText: "This account is locked" }).waitFor();
      await screenshot(lp, "18-sign-in-locked");
    } finally {
      await lc.close();
    }
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You are signed out.").waitFor();
    await page.goto("/app/candidates");
    await page.waitForURL(/\/app\/signin\?next=%2Fcandidates/);
    expect((page as Page & { pageErrors: string[] }).pageErrors).toEqual([]);
  });
});
