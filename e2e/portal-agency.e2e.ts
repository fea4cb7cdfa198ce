import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkA11y, HAS_CHROMIUM, launchBrowser, newPage, pageApi, type RunningServer, startServer } from "./harness";

/** Where this file's screenshots go (looked at by hand; never committed). */
const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/prospector-portal-agency";

/**
 * Issue 10, the agency's side: clients and contacts, bulk-sharing from the board with the skip summary,
 * the cards' Shared badge, the job's portal link copied, My tasks with its count in the nav.
 */
describe.skipIf(!HAS_CHROMIUM).sequential("the agency's side of the client portal", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let openingId = 0;

  const a11y = (screen: string) => checkA11y(page, screen);
  async function shot(name: string) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  }
  async function api<T = unknown>(proc: string, input: unknown, mutation = true): Promise<T> {
    const r = await pageApi(page, proc, input, mutation);
    if (r.status !== 200) throw new Error(`${proc}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.result.data as T;
  }
  const card = (name: string) => page.locator(`li.board-card[data-candidate="${name}"]`);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server.url));
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await page.goto("/app/signin");
    await page.getByLabel("Email").fill(server.admin.email);
    await page.getByLabel("Password").fill(server.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /^Hello/ }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates a client and a contact, and invites the contact", async () => {
    await page.goto("/app/clients");
    await page.getByLabel("New client").fill("Globex");
    await page.getByRole("button", { name: "Add client" }).click();
    const tpl = page.getByRole("form", { name: "New profile template" });
    await tpl.getByLabel("Template name").fill("With email");
    await tpl.getByLabel("Email (contact detail)").check();
    await tpl.getByRole("button", { name: "Save template" }).click();
    await page.getByText(/With email: Name, Headline, .*Email \(contact detail\)/).waitFor();
    await a11y("clients list");
    await shot("00-clients");
    await page.getByRole("link", { name: "Globex" }).click();
    await page.getByRole("heading", { name: "Globex" }).waitFor();
    await page.getByLabel("Notes").fill("Prefers short lists");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const add = page.getByRole("form", { name: "Add a contact" });
    await add.getByLabel("Name").fill("Carla Client");
    await add.getByLabel("Email").fill("carla@globex.example");
    await add.getByRole("button", { name: "Add contact" }).click();
    await page.locator('tr[data-contact="carla@globex.example"]').waitFor();
    await page.getByRole("button", { name: "Invite: Carla Client" }).click();
    await page.getByRole("button", { name: "Invite again: Carla Client" }).waitFor();
    await a11y("client page");
    await shot("01-client");
  });

  it("bulk-shares two candidates from the board: a summary names who was not shared and why; cards say Shared", async () => {
    const clients = await api<{ id: number }[]>("clients.list", undefined, false);
    const opening = await api<{ id: number }>("openings.create", { title: "Data Engineer", clientId: clients[0]!.id });
    openingId = opening.id;
    for (const fullName of ["Jane Doe", "Ivan Ivanov", "Sam Shared"]) {
      const r = await api<{ applicationId: number }>("candidates.create", { draft: { fullName, emails: [], title: "Engineer" }, placement: { openingId, workflow: "hiring" } });
      if (fullName === "Sam Shared") {
        // Shared first, then the bulk share finds it already shared.
        await api("shares.share", { applicationId: r.applicationId });
      }
    }
    await page.goto(`/app/openings/${openingId}/pipeline`);
    await card("Jane Doe").waitFor();
    await expect.poll(() => card("Sam Shared").getByText("Shared", { exact: true }).count()).toBe(1);
    await page.getByRole("checkbox", { name: "Select Jane Doe" }).check();
    await page.getByRole("checkbox", { name: "Select Ivan Ivanov" }).check();
    await page.getByRole("checkbox", { name: "Select Sam Shared" }).check();
    await page.getByText("3 selected").waitFor();
    await page.getByRole("button", { name: "Share with client" }).click();
    const summary = page.getByTestId("share-summary");
    await summary.getByText("Shared 2 with the client: Jane Doe, Ivan Ivanov.").waitFor();
    await summary.getByText("Sam Shared: already shared").waitFor();
    for (const n of ["Jane Doe", "Ivan Ivanov"]) await expect.poll(() => card(n).getByText("Shared", { exact: true }).count()).toBe(1);
    await a11y("board with shares");
    await shot("02-board-shared");
  });

  it("copies the job's direct portal link", async () => {
    const url = `${server.url}/portal/${(await api<{ slug: string }>("company.get", undefined, false)).slug}/jobs/${openingId}`;
    await expect.poll(() => page.getByTestId("portal-link").textContent()).toBe(url);
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await page.getByRole("button", { name: "Send to client" }).click();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.getByText("Sent to 1 contact.").waitFor();
    await shot("03-portal-link");
  });

  it("the candidate page shows the share, saves a video link, and unshares", async () => {
    await card("Jane Doe").getByRole("link", { name: "Jane Doe" }).click();
    const panel = page.locator("details.share-panel");
    await panel.getByText("Client portal (Globex): shared").waitFor();
    await panel.getByLabel("Video resume link").fill("https://video.example/jane");
    await panel.getByRole("button", { name: "Save share" }).click();
    await panel.getByText("Jane Doe is shared with Globex.").waitFor();
    await a11y("candidate share panel");
    await shot("05-candidate-share");
    await panel.getByRole("button", { name: "Unshare" }).click();
    await panel.getByText("Client portal (Globex): not shared").waitFor();
    await panel.getByRole("button", { name: "Share with client" }).waitFor();
  });

  it("the candidates list (hiring tab) shares the selected applications again", async () => {
    await page.goto("/app/candidates?tab=hiring");
    await page.getByRole("checkbox", { name: "Select Jane Doe" }).check();
    const bar = page.getByRole("region", { name: "Share the selected applications with the client" });
    await bar.getByRole("button", { name: "Share with client" }).click();
    await bar.getByText("Shared 1 with the client: Jane Doe.").waitFor();
    await a11y("candidates list share");
  });

  it("My tasks: add one, its count in the nav and on the dashboard, complete it", async () => {
    await page.goto("/app/tasks");
    await page.getByLabel("New task").fill("Call Globex about feedback");
    await page.getByRole("button", { name: "Add task" }).click();
    await page.locator('tr[data-task="Call Globex about feedback"]').waitFor();
    await page.getByRole("link", { name: "My tasks, 1 open" }).waitFor();
    await a11y("tasks");
    await shot("04-tasks");
    await page.goto("/app/");
    await page.getByRole("link", { name: /1\s+open task$/ }).waitFor();
    await page.goto("/app/tasks");
    // Checked once the server has it (the box follows the saved state).
    await page.getByRole("checkbox", { name: "Done: Call Globex about feedback" }).click();
    await page.getByText("Nothing to do.").waitFor();
    await page.getByRole("link", { name: "My tasks", exact: true }).waitFor();
    expect((page as Page & { pageErrors: string[] }).pageErrors).toEqual([]);
  });
});
