// The Chrome extension in headless Chromium against the real server: connect, capture from profile pages
// (LinkedIn-, GitHub-, XING-like and h-card layouts), duplicate display, refusals, the offline queue across a
// server restart (exactly once), the follow-up badge, the shortcut, token revocation and sign-out.
// Tests run in order and share one server, one browser and one signed-in extension.
import fs from "node:fs";
import path from "node:path";
import type { FrameLocator, Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  api,
  type ExtensionBrowser,
  eventually,
  FIXTURES,
  launchWithExtension,
  type ProspectorServer,
  shot,
  startFixtureServer,
  startProspector,
} from "./extension-harness";
import { CHROME_PATH, HAS_CHROMIUM, IN_CI } from "./harness";

if (!HAS_CHROMIUM && IN_CI) {
  describe("extension browser tests", () => {
    test("need Chromium", () => {
      throw new Error(`No Chromium at ${CHROME_PATH}: install it (apt-get install -y chromium) or set CHROME_PATH`);
    });
  });
}

const suite = HAS_CHROMIUM ? describe.sequential : describe.skip;

suite("the Chrome extension", () => {
  let server: ProspectorServer;
  let fixtures: Awaited<ReturnType<typeof startFixtureServer>>;
  let browser: ExtensionBrowser;
  let admin: ReturnType<typeof api>;
  const openings: Record<string, number> = {};
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  const popupUrl = (query = "") => `chrome-extension://${browser.extensionId}/popup.html${query}`;
  const sw = (): Promise<Worker> => browser.worker();
  const badge = async () => (await sw()).evaluate(() => chrome.action.getBadgeText({}));
  const stored = async (key: string) => (await sw()).evaluate(async (k) => (await chrome.storage.local.get(k))[k], key);

  async function newPage(): Promise<Page> {
    const page = await browser.context.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    return page;
  }
  async function openPopup(query = ""): Promise<Page> {
    const page = await newPage();
    await page.setViewportSize({ width: 400, height: 640 });
    await page.goto(popupUrl(query));
    return page;
  }
  const panel = (page: Page) => page.getByRole("dialog", { name: "Add prospect" });
  /** The capture form: an extension page framed in the panel's shadow root. */
  const panelForm = (page: Page) => page.frameLocator("#prospector-csui iframe");
  const addButton = (page: Page) => page.locator("#prospector-csui").getByRole("button", { name: "Add prospect" });
  async function openPanel(page: Page) {
    await addButton(page).click();
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await panelForm(page).getByRole("main", { name: "Add prospect" }).waitFor();
    return panelForm(page);
  }
  const optionTexts = (page: Page, label: string) => panelForm(page).getByLabel(label, { exact: true }).locator("option").allTextContents();
  /** Chooses an opening by title (its option also shows the location, and "last used"). */
  async function pickOpening(scope: Page | FrameLocator, title: string) {
    const select = scope.getByLabel("Opening", { exact: true });
    const option = select.locator("option", { hasText: title }).first();
    await option.waitFor({ state: "attached" });
    await select.selectOption((await option.getAttribute("value"))!);
  }
  async function findCandidates(search: string) {
    const r = await admin.query("candidates.list", { tab: "all", search, limit: 50 });
    return r.items as { candidate: { id: number; fullName: string } }[];
  }

  beforeAll(async () => {
    server = await startProspector();
    const t = await api(server.url).mutate("auth.createExtensionToken", { email: server.admin.email, password: server.admin.password, name: "e2e checks" });
    admin = api(server.url, t.token);
    server.admin.name = t.user.name;
    for (const [title, prospecting] of [
      ["Data Scientist", true],
      ["Backend Engineer", true],
      ["Office Manager", false],
      ["Archived Soon", true],
      ["Paused Prospecting", true],
    ] as const) {
      const o = await admin.mutate("openings.create", { title, location: "Berlin", status: "open", prospectingEnabled: prospecting });
      openings[title] = o.id;
    }
    fixtures = await startFixtureServer({ "/in/jane-doe-4b2a1/": "linkedin-guest.html", "/ada/": "hcard-home.html", "/grace": "person-jsonld.html" });
    browser = await launchWithExtension();
    // Real site URLs (the production match patterns and site readers), answered from the fixture files.
    const serve = (file: string) => ({ status: 200, contentType: "text/html; charset=utf-8", body: fs.readFileSync(path.join(FIXTURES, file)) });
    await browser.context.route("https://*.linkedin.com/in/**", (route) => route.fulfill(serve("linkedin-guest.html")));
    await browser.context.route("https://github.com/octocat", (route) => route.fulfill(serve("github-profile.html")));
    await browser.context.route("https://www.xing.com/profile/**", (route) => route.fulfill(serve("xing-profile.html")));
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    await server?.dispose();
  });

  test("manifest: no host permission at install, the server's host is asked for at connect time", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "..", "extension", "build", "chrome-mv3-prod", "manifest.json"), "utf8"));
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.optional_host_permissions).toEqual(["http://*/*", "https://*/*"]);
    expect(manifest.permissions).toEqual(expect.arrayContaining(["storage", "alarms", "activeTab", "scripting", "contextMenus"]));
    expect(Object.keys(manifest.commands)).toContain("add-to-last-opening");
    expect(manifest.content_scripts[0].matches).not.toContain("<all_urls>");
  });

  test("connects from the popup with server URL, email and password", async () => {
    const popup = await openPopup();
    await expect.poll(() => popup.getByLabel("Server URL").isVisible()).toBe(true);
    await popup.getByLabel("Server URL").fill(server.url);
    await popup.getByLabel("Email").fill(server.admin.email);
    await popup.getByLabel("Password").fill("wrong password");
    await popup.getByRole("button", { name: "Connect" }).click();
    await expect.poll(() => popup.getByRole("alert").textContent()).toContain("Wrong email or password");
    await popup.getByLabel("Password").fill(server.admin.password);
    await popup.getByRole("button", { name: "Connect" }).click();
    await expect.poll(() => popup.getByTestId("signed-in-as").textContent()).toContain(`127.0.0.1:${server.port}`);
    expect(await popup.getByTestId("signed-in-as").textContent()).toContain(server.admin.name);
    const tokens = await admin.query("auth.tokens.list");
    expect(tokens.map((x: { name: string }) => x.name)).toContain("Chrome extension (Linux)");
    // The token is kept; the password is not.
    const settings = await stored("settings");
    expect(settings.token).toMatch(/^pro_/);
    expect(JSON.stringify(await (await sw()).evaluate(() => chrome.storage.local.get(null)))).not.toContain(server.admin.password);
    await popup.close();
  });

  test("a profile reached without a page load (LinkedIn is a single-page app) gets the button", async () => {
    await browser.context.route("https://www.linkedin.com/feed/", (route) =>
      route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: "<!doctype html><title>Feed</title><main><h1>Your feed</h1></main>" }),
    );
    const page = await newPage();
    await page.goto("https://www.linkedin.com/feed/");
    // The site renders the profile itself and changes the URL with pushState: no load, no new content script.
    const profile = fs.readFileSync(path.join(FIXTURES, "linkedin-guest.html"), "utf8");
    await page.evaluate((html) => {
      const doc = new DOMParser().parseFromString(html, "text/html");
      document.head.replaceWith(doc.head);
      document.body.replaceWith(doc.body);
      history.pushState({}, "", "/in/jane-doe-4b2a1/");
    }, profile);
    await addButton(page).waitFor({ timeout: 10_000 });
    const form = await openPanel(page);
    await expect.poll(() => form.getByLabel("Full name").inputValue()).toBe("Jane Doe");
    await page.close();
  });

  test("LinkedIn-like page: Add prospect, check the form, pick opening and stage, add", async () => {
    const page = await newPage();
    await page.goto(`${fixtures.url}/in/jane-doe-4b2a1/`);
    await expect.poll(() => addButton(page).isVisible()).toBe(true);
    // The page's CSS (hot-pink 30px buttons) does not reach the shadow root.
    expect(await addButton(page).evaluate((b) => getComputedStyle(b).fontSize)).toBe("14px");
    await shot(page, "1-button");

    const form = await openPanel(page);
    expect(await form.getByLabel("Full name").inputValue()).toBe("Jane Doe");
    expect(await form.getByLabel("Current title").inputValue()).toBe("Staff Engineer");
    expect(await form.getByLabel("Current company").inputValue()).toBe("Acme Robotics");
    expect(await form.getByLabel("Location").inputValue()).toBe("Berlin, Germany");
    expect(await form.getByLabel("Profile URL").inputValue()).toBe("https://www.linkedin.com/in/jane-doe-4b2a1");
    expect(await form.getByLabel("Other links").inputValue()).toContain("https://github.com/janedoe");
    await expect.poll(() => form.getByTestId("not-duplicate").isVisible()).toBe(true);

    // Open openings with prospecting on, and only those.
    await expect.poll(() => optionTexts(page, "Opening")).toHaveLength(4);
    const titles = (await optionTexts(page, "Opening")).join("|");
    expect(titles).toContain("Data Scientist");
    expect(titles).not.toContain("Office Manager");
    // Searchable.
    await form.getByLabel("Find an opening").fill("data sci");
    await expect.poll(() => optionTexts(page, "Opening")).toEqual(["Data Scientist · Berlin"]);
    // Its prospecting stages, the first chosen by default.
    await expect.poll(() => optionTexts(page, "Prospecting stage")).toEqual(["Identified", "Contacted", "Replied", "Interested"]);
    const stageSelect = form.getByLabel("Prospecting stage");
    expect(await stageSelect.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe("Identified");
    await stageSelect.selectOption({ label: "Contacted" });
    await form.getByLabel("Emails").fill("jane@acme.example");
    await form.getByLabel("Tags").fill("rust, berlin");
    await form.getByLabel("Note").fill("Met at RustConf");
    await shot(page, "2-form");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => form.getByTestId("outcome-added").textContent()).toContain("Added to Data Scientist — Contacted");
    const link = await form.getByRole("link", { name: "Open in Prospector" }).getAttribute("href");
    expect(link).toMatch(new RegExp(`^${server.url}/app/candidates/\\d+$`));
    await shot(page, "3-added");

    const found = await findCandidates("Jane Doe");
    expect(found).toHaveLength(1);
    const c = (await admin.query("candidates.get", { candidateId: found[0]!.candidate.id })).candidate;
    expect(link).toBe(`${server.url}/app/candidates/${c.id}`);
    expect(c.source).toBe("extension");
    expect(c.title).toBe("Staff Engineer");
    expect(c.emails.map((e: { email: string }) => e.email)).toEqual(["jane@acme.example"]);
    expect(c.tags).toEqual(expect.arrayContaining(["rust", "berlin"]));
    expect(c.applications).toHaveLength(1);
    expect(c.applications[0]).toMatchObject({ openingTitle: "Data Scientist", workflow: "prospecting", stageName: "Contacted", status: "active" });
    await page.close();
  });

  test("the same person under a URL variant: Already in Prospector, and adding again is a conflict", async () => {
    const page = await newPage();
    await page.goto("https://de.linkedin.com/in/jane-doe-4b2a1/?trk=public_profile_browsemap");
    const form = await openPanel(page);
    await expect.poll(() => form.getByTestId("duplicate").textContent()).toContain("Already in Prospector — Data Scientist, Contacted");
    const dupLink = await form.getByTestId("duplicate").getByRole("link", { name: "Open in Prospector" }).getAttribute("href");
    expect(dupLink).toMatch(new RegExp(`^${server.url}/app/candidates/\\d+$`));
    // Markup in a scraped string stays text.
    expect(await form.getByLabel("Headline").inputValue()).toContain("<img src=x onerror=alert(1)>");
    // On linkedin.com the site reader adds what the JSON-LD lacks.
    expect(await form.getByLabel("Skills").inputValue()).toBe("Rust, Go, Kubernetes");
    expect(await form.getByLabel("Summary").inputValue()).toBe("Builds robot fleets. Rust, Go and distributed systems.");
    await shot(page, "4-duplicate");
    // The last used opening comes first and is preselected.
    expect((await optionTexts(page, "Opening"))[0]).toContain("Data Scientist");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => form.getByTestId("outcome-conflict").textContent()).toContain("Already on Data Scientist — Contacted");
    expect(await findCandidates("Jane Doe")).toHaveLength(1);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  test("GitHub-like page: adds to another opening at its first stage", async () => {
    const page = await newPage();
    await page.goto("https://github.com/octocat");
    const form = await openPanel(page);
    expect(await form.getByLabel("Full name").inputValue()).toBe("The Octocat");
    expect(await form.getByLabel("Emails").inputValue()).toBe("octocat@github.example");
    await expect.poll(() => form.getByTestId("not-duplicate").isVisible()).toBe(true);
    await pickOpening(form, "Backend Engineer");
    await expect.poll(() => form.getByLabel("Prospecting stage").evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe("Identified");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => form.getByTestId("outcome-added").textContent()).toContain("Added to Backend Engineer — Identified");
    const found = await findCandidates("Octocat");
    expect(found).toHaveLength(1);
    const c = (await admin.query("candidates.get", { candidateId: found[0]!.candidate.id })).candidate;
    expect(c.applications[0]).toMatchObject({ openingTitle: "Backend Engineer", stageName: "Identified", workflow: "prospecting" });
    await page.close();
  });

  test("popup capture on a page without the content script (injected on demand)", async () => {
    const page = await newPage();
    await page.goto(`http://localhost:${fixtures.port}/grace`);
    expect(await page.locator("#prospector-csui").count()).toBe(0);
    const tabId = await (await sw()).evaluate(async () => (await chrome.tabs.query({})).find((t) => t.url?.includes("/grace"))?.id);
    const popup = await openPopup(`?tab=${tabId}`);
    await popup.getByRole("button", { name: "Capture this page" }).click();
    await expect.poll(() => popup.getByLabel("Full name").inputValue()).toBe("Grace Hopper");
    expect(await popup.getByLabel("Current company").inputValue()).toBe("US Navy");
    await expect.poll(() => popup.getByTestId("not-duplicate").isVisible()).toBe(true);
    await pickOpening(popup, "Backend Engineer");
    await shot(popup, "5-popup-capture", { fullPage: true });
    await popup.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => popup.getByTestId("outcome-added").textContent()).toContain("Added to Backend Engineer");
    expect(await findCandidates("Grace Hopper")).toHaveLength(1);
    // The injected content script now offers the button on that page too.
    await expect.poll(() => addButton(page).isVisible()).toBe(true);
    await popup.close();
    await page.close();
  });

  test("refusals: opening archived and prospecting switched off meanwhile", async () => {
    const page = await newPage();
    await page.goto(`${fixtures.url}/ada/`);
    const form = await openPanel(page);
    expect(await form.getByLabel("Full name").inputValue()).toBe("Ada Lovelace");
    await expect.poll(() => optionTexts(page, "Opening")).toContain("Archived Soon · Berlin");
    await pickOpening(form, "Archived Soon");
    await expect.poll(() => optionTexts(page, "Prospecting stage")).toContain("Identified");
    await admin.mutate("openings.archive", { openingId: openings["Archived Soon"] });
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => form.getByTestId("outcome-archived").isVisible()).toBe(true);
    // The list is read again: the archived opening is gone from it.
    await expect.poll(async () => (await optionTexts(page, "Opening")).join("|")).not.toContain("Archived Soon");

    await pickOpening(form, "Paused Prospecting");
    await expect.poll(() => optionTexts(page, "Prospecting stage")).toContain("Identified");
    await admin.mutate("openings.setProspecting", { openingId: openings["Paused Prospecting"], enabled: false });
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => form.getByTestId("outcome-prospecting-off").isVisible()).toBe(true);
    await shot(page, "6-refused");
    expect(await findCandidates("Ada Lovelace")).toHaveLength(0);
    await page.close();
  });

  test("offline: the add is queued, counted on the badge and in the popup, and lands exactly once after a restart", async () => {
    await server.stop();
    const page = await newPage();
    await page.goto(`${fixtures.url}/ada/`);
    const form = await openPanel(page);
    // The openings come from the last list seen; the duplicate check says it could not run.
    await expect.poll(() => form.getByText("Offline: the openings as last seen").isVisible()).toBe(true);
    await expect.poll(() => form.getByText("Duplicate check unavailable").isVisible()).toBe(true);
    await pickOpening(form, "Data Scientist");
    await expect.poll(() => optionTexts(page, "Prospecting stage")).toContain("Identified");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => form.getByTestId("outcome-queued").textContent()).toContain("1 waiting");
    await shot(page, "7-queued");
    await expect.poll(badge).toBe("1");

    const popup = await openPopup();
    await expect.poll(() => popup.getByTestId("queue").textContent()).toContain("Ada Lovelace");
    expect(await popup.getByTestId("queue").textContent()).toContain("Data Scientist");
    await shot(popup, "8-popup-queue", { fullPage: true });
    await popup.close();

    // Let at least one retry fail against the stopped server, then start it again on the same data and port.
    await eventually(async () => ((await stored("queue")) as { attempts: number }[])[0]!.attempts >= 2, 20_000, "a failed retry");
    await server.start();
    // Nobody opens the popup: the alarm's retry sends it.
    await eventually(async () => ((await stored("queue")) as unknown[]).length === 0, 60_000, "the queue to drain");
    const found = await findCandidates("Ada Lovelace");
    expect(found).toHaveLength(1);
    const c = (await admin.query("candidates.get", { candidateId: found[0]!.candidate.id })).candidate;
    expect(c.applications).toHaveLength(1);
    expect(c.applications[0]).toMatchObject({ openingTitle: "Data Scientist", stageName: "Identified", workflow: "prospecting" });
    // The popup's latest adds show it once.
    expect(((await stored("recentAdds")) as { fullName: string }[]).filter((r) => r.fullName === "Ada Lovelace")).toHaveLength(1);
    await page.close();
  });

  test("follow-up: the badge counts the prospects needing follow-up, the popup lists them and the latest adds", async () => {
    const summary = await admin.query("dashboard.summary", { recentLimit: 1 });
    expect(summary.needsFollowUp).toBe(4);
    const popup = await openPopup();
    await expect.poll(() => popup.getByTestId("follow-up").textContent()).toContain("Ada Lovelace");
    expect(await popup.getByTestId("follow-up").textContent()).toContain("Needs follow-up 4");
    expect(await popup.getByTestId("recent").textContent()).toContain("Jane Doe");
    await expect.poll(badge).toBe("4");
    await shot(popup, "9-popup", { fullPage: true });
    await popup.close();
  });

  test("the keyboard shortcut adds the page's person to the last used opening and stage", async () => {
    const page = await newPage();
    await page.goto("https://www.xing.com/profile/Max_Mustermann");
    await expect.poll(() => addButton(page).isVisible()).toBe(true);
    const last = await stored("lastUsed");
    expect(last).toMatchObject({ openingTitle: "Data Scientist", stageName: "Identified" });
    // What the shortcut runs, on the active tab.
    await page.bringToFront();
    await (await sw()).evaluate(() => (globalThis as unknown as { prospector: { runShortcut: () => Promise<void> } }).prospector.runShortcut());
    await expect.poll(() => page.locator("#prospector-csui").getByRole("status").textContent()).toContain("Max Mustermann added to Data Scientist — Identified");
    await shot(page, "10-shortcut");
    const found = await findCandidates("Max Mustermann");
    expect(found).toHaveLength(1);
    await page.close();
  });

  test("the context menu: the capture form in the page's panel on a profile site, in a window of its own elsewhere", async () => {
    const menu = async (id: number) =>
      (await sw()).evaluate((tabId) => (globalThis as unknown as { prospector: { captureFromMenu: (id: number) => Promise<void> } }).prospector.captureFromMenu(tabId), id);
    const tabIdOf = async (part: string) => (await sw()).evaluate(async (p) => (await chrome.tabs.query({})).find((t) => t.url?.includes(p))?.id, part);

    const profile = await newPage();
    await profile.goto("https://github.com/octocat");
    await expect.poll(() => addButton(profile).isVisible()).toBe(true);
    // No host permission on github.com: the tab is found as the active one (its URL is not visible).
    await profile.bringToFront();
    await menu((await (await sw()).evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id))!);
    await expect.poll(() => panel(profile).isVisible()).toBe(true);
    await expect.poll(() => panelForm(profile).getByTestId("duplicate").textContent()).toContain("Already in Prospector — Backend Engineer, Identified");
    // Escape in the form closes the panel, and the focus goes back to the button.
    await panelForm(profile).getByLabel("Full name").press("Escape");
    await expect.poll(() => panel(profile).isVisible()).toBe(false);
    expect(await addButton(profile).evaluate((b) => b.getRootNode() instanceof ShadowRoot && (b.getRootNode() as ShadowRoot).activeElement === b)).toBe(true);
    await profile.close();

    // A page of another site cannot frame the form (it is web-accessible only on the profile sites).
    const page = await newPage();
    await page.goto(`http://localhost:${fixtures.port}/grace`);
    const opened = browser.context.waitForEvent("page");
    await menu((await tabIdOf(`localhost:${fixtures.port}/grace`))!);
    const win = await opened;
    expect(win.url()).toContain(`chrome-extension://${browser.extensionId}/tabs/capture.html?tab=`);
    await expect.poll(() => win.getByLabel("Full name").inputValue()).toBe("Grace Hopper");
    await expect.poll(() => win.getByTestId("duplicate").textContent()).toContain("Already in Prospector — Backend Engineer, Identified");
    await shot(win, "12-menu-window", { fullPage: true });
    const closed = win.waitForEvent("close");
    await win.getByRole("button", { name: "Cancel" }).click();
    await closed;
    await page.close();
  });

  test("a revoked token: the form and the popup say so and offer to connect again; sign-out revokes", async () => {
    const mine = (await admin.query("auth.tokens.list")) as { id: number; name: string }[];
    const ext = mine.find((t) => t.name.startsWith("Chrome extension"))!;
    await admin.mutate("auth.tokens.revoke", { id: ext.id });
    const page = await newPage();
    await page.goto(`${fixtures.url}/in/jane-doe-4b2a1/`);
    const form = await openPanel(page);
    await expect.poll(() => form.getByText("no longer valid").first().isVisible()).toBe(true);
    await shot(page, "11-revoked");
    const popup = await openPopup();
    await expect.poll(() => popup.getByTestId("revoked").isVisible()).toBe(true);
    await popup.getByLabel("Password").fill(server.admin.password);
    await popup.getByRole("button", { name: "Connect" }).click();
    await expect.poll(() => popup.getByTestId("signed-in-as").isVisible()).toBe(true);
    const before = ((await admin.query("auth.tokens.list")) as { name: string }[]).filter((t) => t.name.startsWith("Chrome extension")).length;
    expect(before).toBe(1);
    await popup.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => popup.getByLabel("Password").isVisible()).toBe(true);
    const after = ((await admin.query("auth.tokens.list")) as { name: string }[]).filter((t) => t.name.startsWith("Chrome extension")).length;
    expect(after).toBe(0);
    expect((await stored("settings")).token).toBeNull();
    expect(pageErrors).toEqual([]);
    await popup.close();
    await page.close();
  });

  test("options page: connect and sign out there too", async () => {
    const options = await newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await expect.poll(() => options.getByLabel("Server URL").isVisible()).toBe(true);
    // The last server and email are kept after signing out; the password never is.
    expect(await options.getByLabel("Server URL").inputValue()).toBe(server.url);
    expect(await options.getByLabel("Email").inputValue()).toBe(server.admin.email);
    expect(await options.getByLabel("Password").inputValue()).toBe("");
    await options.getByLabel("Password").fill(server.admin.password);
    await options.getByRole("button", { name: "Connect" }).click();
    await expect.poll(() => options.getByTestId("connected").textContent()).toContain(`Connected to ${server.url} as ${server.admin.name}`);
    const mine = async () => ((await admin.query("auth.tokens.list")) as { name: string }[]).filter((t) => t.name.startsWith("Chrome extension"));
    expect(await mine()).toHaveLength(1);
    expect((await stored("settings")).token).toEqual(expect.any(String));
    await shot(options, "13-options");
    await options.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => options.getByLabel("Password").isVisible()).toBe(true);
    expect(await mine()).toHaveLength(0);
    expect((await stored("settings")).token).toBeNull();
    await options.close();
  });
});
