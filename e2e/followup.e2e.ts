import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkA11y, HAS_CHROMIUM, launchBrowser, newPage, pageApi, type RunningServer, screenshot, startServer } from "./harness";

/**
 * Issue 5 end to end: templates, prospect follow-up (select all matching, preview, send, flags, skip report),
 * the conversation thread live over SSE while the candidate answers on their private page, the inbox,
 * the notification bell, the outbox, and the candidate page locking after a rejection.
 */
describe.skipIf(!HAS_CHROMIUM).sequential("follow-up and conversations in the web UI", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let openingId = 0;
  const people: Record<string, { candidateId: number; applicationId: number }> = {};
  let privateLink = "";

  /** A tRPC call from inside the page that must succeed; returns its data. */
  async function api<T = unknown>(proc: string, input: unknown, mutation = true): Promise<T> {
    const r = await pageApi(page, proc, input, mutation);
    if (r.status !== 200) throw new Error(`${proc}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.result.data as T;
  }


  const row = (name: string) => page.locator(`tr[data-prospect="${name}"]`);

  /** The candidate, in a browser of their own, answers on their private page. */
  async function answerAsCandidate(text: string) {
    const { context, page: cand } = await newPage(browser, server.url);
    try {
      await cand.goto(privateLink);
      await cand.getByLabel("Your message").fill(text);
      await cand.getByRole("button", { name: "Send" }).click();
      await cand.getByText("Your message was sent.").waitFor();
    } finally {
      await context.close();
    }
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page } = await newPage(browser, server.url));
    await page.goto("/app/signin");
    await page.getByLabel("Email").fill(server.admin.email);
    await page.getByLabel("Password").fill(server.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /^Hello/ }).waitFor();
    await api("company.update", { publicContactEmail: "jobs@acme.example" });
    const opening = await api<{ id: number }>("openings.create", { title: "Site Reliability Engineer", prospectingEnabled: true });
    openingId = opening.id;
    const add = async (fullName: string, emails: string[]) => {
      const r = await api<{ candidateId: number; applicationId: number }>("candidates.create", {
        draft: { fullName, emails, title: "SRE", company: "Initech" },
        placement: { openingId, workflow: "prospecting" },
      });
      people[fullName] = { candidateId: r.candidateId, applicationId: r.applicationId };
    };
    await add("Jane Doe", ["jane@example.com"]);
    await add("Ivan Ivanov", ["ivan@example.com"]);
    await add("Nora Nomail", []);
    await add("Dee Nocontact", ["dee@example.com"]);
    await api("candidates.setDoNotContact", { candidateId: people["Dee Nocontact"]!.candidateId, doNotContact: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("templates: placeholders insertable, an unknown placeholder refused with the server's message, preview with a real candidate", async () => {
    await page.goto("/app/settings/company");
    await page.getByRole("link", { name: "Message templates" }).click();
    await page.getByRole("heading", { name: "Message templates" }).waitFor();
    await page.getByRole("link", { name: "Ask to apply" }).click();
    await expect.poll(() => page.getByLabel("Message", { exact: true }).inputValue()).toContain("{{apply_link}}");

    await page.getByRole("button", { name: "New template" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Quick hello");
    await page.getByLabel("Subject", { exact: true }).fill("Hello from {{company_name}}");
    await page.getByLabel("Message", { exact: true }).fill("Hi {{candidate_first_name}}, {{bogus_field}}. ");
    await page.getByRole("button", { name: /Insert \{\{opening_title\}\}/ }).click();
    await expect.poll(() => page.getByLabel("Message", { exact: true }).inputValue()).toContain("{{opening_title}}");
    await page.getByRole("button", { name: "Create template" }).click();
    await page.getByRole("alert").filter({ hasText: "Unknown placeholder: {{bogus_field}}" }).waitFor();

    await page.getByLabel("Message", { exact: true }).fill("Hi {{candidate_first_name}}, are you open to {{opening_title}}?");
    await page.getByRole("button", { name: "Create template" }).click();
    await page.getByRole("heading", { name: "Edit “Quick hello”" }).waitFor();
    await page.waitForURL(/template=\d+/);

    await page.getByRole("combobox", { name: /^Candidate/ }).selectOption({ label: "Jane Doe — Site Reliability Engineer" });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText("Hi Jane, are you open to Site Reliability Engineer?").waitFor();
    await page.getByText("jane@example.com").waitFor();
    await checkA11y(page, "templates");
    await screenshot(page, "10-templates");
  });

  it("the dashboard's follow-up count leads to the filtered prospects list", async () => {
    await page.goto("/app/");
    await page.getByRole("link", { name: /4\s+prospects need follow-up/ }).click();
    await page.waitForURL(/tab=prospects/);
    expect(new URL(page.url()).searchParams.get("followUp")).toBe("1");
    for (const n of ["Jane Doe", "Ivan Ivanov", "Nora Nomail", "Dee Nocontact"]) await row(n).waitFor();
  });

  it("rates a prospect and filters on the rating (kept in the URL)", async () => {
    await row("Jane Doe").getByRole("button", { name: "Shortlist Jane Doe" }).click();
    await expect.poll(() => row("Jane Doe").getByRole("button", { name: "Shortlist Jane Doe" }).getAttribute("aria-pressed")).toBe("true");
    await page.getByLabel("Rating").selectOption("shortlist");
    await page.waitForURL(/rating=shortlist/);
    await expect.poll(() => page.locator("tr[data-prospect]").count()).toBe(1);
    await page.goBack();
    await expect.poll(() => page.locator("tr[data-prospect]").count()).toBe(4);
  });

  it("selects all matching, previews 'Ask to apply' with who is skipped, sends, and sees the flags and the skip summary", async () => {
    await page.getByRole("button", { name: "Select all 4 matching" }).click();
    await page.getByText("All 4 matching selected").waitFor();
    await page.getByRole("button", { name: "Send message…" }).click();
    await page.getByLabel("Template").selectOption({ label: "Ask to apply" });
    const preview = page.locator(".preview");
    await preview.getByText(/2 prospects\s+of 4 will get this message/).waitFor();
    await preview.getByText("2 prospects will be skipped").waitFor();
    await preview.locator("li").filter({ hasText: "Dee Nocontact — do not contact" }).waitFor();
    await preview.locator("li").filter({ hasText: "Nora Nomail — no email address" }).waitFor();
    await preview.getByText(/Hi (Jane|Ivan),/).waitFor();
    await page.getByLabel("Remind me if there is no reply in").check();
    await page.getByLabel("Days without a reply").fill("5");
    await checkA11y(page, "prospects follow-up with preview");
    await screenshot(page, "11-prospects-preview");

    await page.getByRole("button", { name: "Send to 2 prospects" }).click();
    await page.getByRole("heading", { name: "Message sent" }).waitFor();
    await page.getByText(/Sent to 2 prospects\. They are marked as followed up\./).waitFor();
    await page.locator(".skip-list li").filter({ hasText: "Dee Nocontact — do not contact" }).waitFor();
    await screenshot(page, "12-prospects-sent-summary");
    // Still needing follow-up: only the two that were skipped.
    await expect.poll(() => page.locator("tr[data-prospect]").count()).toBe(2);
    await page.getByRole("button", { name: "Close" }).click();

    // Without the filter, the flags show who was contacted; a flag can be toggled back by hand.
    await page.getByLabel("Needs follow-up").click();
    await page.waitForURL((u) => !u.searchParams.has("followUp"));
    const flag = (n: string) => page.locator(`button[data-flag="${n}"]`);
    await expect.poll(() => flag("Jane Doe").getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => flag("Ivan Ivanov").getAttribute("aria-pressed")).toBe("true");
    expect(await flag("Dee Nocontact").getAttribute("aria-pressed")).toBe("false");
    // On and off read differently, in words as well as in looks.
    const words = (n: string) =>
      flag(n).evaluate((b) => {
        const c = b.cloneNode(true) as HTMLElement;
        for (const hidden of c.querySelectorAll(".sr-only")) hidden.remove();
        return (c.textContent ?? "").replace(/\s+/g, " ").trim();
      });
    expect(await words("Jane Doe")).toBe("✓ Followed up");
    expect(await words("Dee Nocontact")).toBe("Not followed up");
    const look = (n: string) => flag(n).evaluate((b) => getComputedStyle(b).backgroundColor + getComputedStyle(b).borderStyle);
    expect(await look("Jane Doe")).not.toBe(await look("Dee Nocontact"));
    await screenshot(page, "12b-prospects-followed-up-on-and-off");
    await flag("Ivan Ivanov").click();
    await expect.poll(() => flag("Ivan Ivanov").getAttribute("aria-pressed")).toBe("false");
    await expect.poll(() => words("Ivan Ivanov")).toBe("Not followed up");
    await flag("Ivan Ivanov").click();
    await expect.poll(() => flag("Ivan Ivanov").getAttribute("aria-pressed")).toBe("true");
  });

  it("the opening's own Prospects follow-up tab filters on rating and follow-up, in the URL", async () => {
    await page.goto(`/app/openings/${openingId}/prospects?rating=shortlist`);
    await row("Jane Doe").waitFor();
    await expect.poll(() => page.locator("tr[data-prospect]").count()).toBe(1);
    await page.getByRole("combobox", { name: /^Rating/ }).selectOption("");
    await page.getByLabel("Needs follow-up").click();
    await page.waitForURL((u) => u.searchParams.get("followUp") === "1" && !u.searchParams.has("rating"));
    await expect.poll(() => page.locator("tr[data-prospect]").count()).toBe(2);
    await page.getByRole("button", { name: "Select all 2 matching" }).waitFor();
    await checkA11y(page, "opening prospects follow-up");
    await screenshot(page, "18-opening-prospects");
  });

  it("the outbox shows the mails as not sent (no SMTP_URL); a mail opens as text", async () => {
    await page.getByRole("link", { name: "Outbox" }).click();
    await page.getByRole("heading", { name: "Outbox" }).waitFor();
    await page.getByText("outgoing mail is kept here and").waitFor();
    const janeRow = page.locator("tr").filter({ hasText: "jane@example.com" });
    await expect.poll(() => janeRow.getByText("Not sent — kept in the outbox").count()).toBeGreaterThan(0);
    await janeRow.getByRole("link").first().click();
    const text = page.getByTestId("mail-text");
    await text.waitFor();
    expect(await text.textContent()).toContain("Hi Jane,");
    // The outbox is where a mail goes without SMTP: its apply link is real (the careers form, pre-filled for Jane);
    // the conversation link is never minted there (the footer, added at sending, is not part of the kept text).
    expect(await text.textContent()).toMatch(/apply here: http:\/\/127\.0\.0\.1:\d+\/jobs\/[a-z0-9-]+\/\d+\?t=[\w-]{43}/);
    await checkA11y(page, "outbox");
    await screenshot(page, "13-outbox");
  });

  it("the candidate answers on their private page and the answer appears live in the recruiter's open thread", async () => {
    const jane = people["Jane Doe"]!;
    await page.goto(`/app/candidates/${jane.candidateId}`);
    const thread = page.locator(`#thread-${jane.applicationId}`);
    await thread.getByText(/Kept in the outbox — not sent|Queued/).first().waitFor();
    await thread.getByRole("button", { name: "New private link" }).click();
    privateLink = (await thread.getByTestId("secret").textContent()) ?? "";
    expect(privateLink).toMatch(/\/c\/[A-Za-z0-9_-]{20,}/);

    const { context: cctx, page: cand } = await newPage(browser, server.url);
    try {
      await cand.goto(privateLink);
      await cand.getByRole("heading", { name: /Site Reliability Engineer/ }).waitFor();
      await cand.getByLabel("Your message").fill("Yes, I am interested! <b>not bold</b>");
      await cand.getByRole("button", { name: "Send" }).click();
      await cand.getByText("Your message was sent.").waitFor();
    } finally {
      await cctx.close();
    }
    // No reload: the SSE subscription brings it in.
    const answer = thread.locator(".message-candidate").filter({ hasText: "Yes, I am interested! <b>not bold</b>" });
    await answer.waitFor({ timeout: 15_000 });
    expect(await thread.locator("b").count()).toBe(0);
    await answer.getByText("on their conversation page").waitFor();
    await thread.scrollIntoViewIfNeeded();
    await checkA11y(page, "candidate thread");
    await screenshot(page, "14-thread");

    // The recruiter answers in the same thread.
    await thread.getByLabel("Message to Jane Doe").fill("Great, I will send you a few times.");
    await thread.getByRole("button", { name: "Send message" }).click();
    await thread.locator(".message-user").filter({ hasText: "Great, I will send you a few times." }).waitFor();
  });

  it("the 'open it' link of the team's notification mail opens the candidate's page at the thread (and so does the old address)", async () => {
    const jane = people["Jane Doe"]!;
    type Mail = { id: number; kind: string; to: string; subject: string };
    const out = await api<{ items: Mail[] }>("mail.list", { direction: "out", limit: 200 }, false);
    const note = out.items.find((m) => m.kind === "notification" && m.to === server.admin.email && m.subject === "Jane Doe wrote about Site Reliability Engineer");
    expect(note, "the notification mail to the opening's owner").toBeTruthy();
    const { text } = await api<{ text: string }>("mail.get", { mailId: note!.id }, false);
    const link = /or open it: (\S+)/.exec(text)?.[1] ?? "";
    expect(link.startsWith(`${server.url}/app/`)).toBe(true);
    for (const to of [link, `${server.url}/app/conversations/${jane.applicationId}`]) {
      await page.goto("/app/");
      await page.getByRole("heading", { name: /^Hello/ }).waitFor();
      await page.goto(to);
      await page.waitForURL(new RegExp(`/app/candidates/${jane.candidateId}#thread-${jane.applicationId}$`));
      const thread = page.locator(`#thread-${jane.applicationId}`);
      await thread.locator(".message-candidate").filter({ hasText: "Yes, I am interested!" }).waitFor();
      await expect.poll(() => thread.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    }
  });

  it("the bell counts a candidate's message live; its notification opens the thread, which clears it", async () => {
    await page.goto("/app/");
    const bell = page.getByRole("button", { name: /^Notifications/ });
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications");
    await answerAsCandidate("Is the role remote?");
    await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 15_000 }).toBe("Notifications, 1 unread");
    await bell.click();
    const panel = page.getByRole("region", { name: "Notifications" });
    const unread = panel.getByRole("link", { name: /^Unread: Jane Doe wrote about Site Reliability Engineer/ });
    await unread.getByText("Is the role remote?").waitFor();
    await checkA11y(page, "notification bell");
    await screenshot(page, "15-bell");
    await unread.click();
    await page.waitForURL(/\/candidates\/\d+#thread-/);
    await page.locator(".message-candidate").filter({ hasText: "Is the role remote?" }).waitFor();
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications");
    await expect.poll(() => panel.count()).toBe(0);
  });

  it("the inbox lists the conversation; a new candidate answer shows up there live", async () => {
    await page.getByRole("link", { name: "Inbox", exact: true }).click();
    await page.getByRole("heading", { name: /^Inbox/ }).waitFor();
    const conv = page.locator('li[data-conversation="Jane Doe"]');
    await conv.getByText("Is the role remote?").waitFor();
    await answerAsCandidate("Tuesday works for me.");
    await conv.getByText("Tuesday works for me.").waitFor({ timeout: 15_000 });
    await conv.getByText("1 unread").waitFor();
    await checkA11y(page, "inbox");
    await screenshot(page, "16-inbox");
    await conv.getByRole("link").click();
    await page.waitForURL(/\/candidates\/\d+#thread-/);
    await page.locator(".message-candidate").filter({ hasText: "Tuesday works for me." }).waitFor();
    await page.goto("/app/inbox");
    await page.locator('li[data-conversation="Jane Doe"]').waitFor();
    expect(await page.locator('li[data-conversation="Jane Doe"]').getByText("unread").count()).toBe(0);
  });

  it("rejecting the application locks the candidate page, which then shows the company's public contact email", async () => {
    const jane = people["Jane Doe"]!;
    await page.goto(`/app/candidates/${jane.candidateId}`);
    const app = page.getByRole("article", { name: "Site Reliability Engineer application" });
    const states = await api<{ id: number; name: string; kind: string }[]>("decisionedStates.list", {}, false);
    const rejected = states.find((s) => s.kind === "rejected")!;
    await app.getByRole("combobox", { name: /^Decision/ }).selectOption({ label: rejected.name });
    await app.getByRole("button", { name: "Decide" }).click();
    await app.getByText(/can no longer write on their conversation page/).waitFor();

    const { context: cctx, page: cand } = await newPage(browser, server.url);
    try {
      await cand.goto(privateLink);
      await cand.getByText(/This conversation is closed/).waitFor();
      await cand.getByRole("link", { name: "jobs@acme.example" }).waitFor();
      expect(await cand.getByLabel("Your message").count()).toBe(0);
      await screenshot(cand, "17-candidate-page-locked");
    } finally {
      await cctx.close();
    }
  });
});
