import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { CandidatesPage } from "../pages/candidates";
import { listItem, listPage, openingFixture } from "../test/fixtures";
import { renderApp, serverError } from "../test/render";

const items = [
  listItem(1, '<img src=x onerror="alert(1)">', 11, "prospecting"),
  listItem(2, "Nora Nomail", 11, "prospecting"),
  listItem(3, "Dee Nocontact", 12, "prospecting", { rating: "shortlist" }),
];
const templates = [
  { id: 1, name: "Ask to apply", subject: "s", body: "b", defaultKey: "ask_to_apply", updatedAt: 0 },
  { id: 2, name: "Not a match", subject: "s", body: "b", defaultKey: "not_a_match", updatedAt: 0 },
];
const skipped = [
  { applicationId: 2, candidateId: 102, candidateName: "Nora Nomail", reason: "no_email" as const },
  { applicationId: 3, candidateId: 103, candidateName: "Dee Nocontact", reason: "do_not_contact" as const },
];

function show(route = "/candidates?tab=prospects&followUp=1") {
  return renderApp(<CandidatesPage />, {
    route,
    path: "/candidates",
    handlers: {
      "candidates.list": () => listPage(items, 99),
      "prospects.count": () => ({ count: 120, tooMany: false, max: 5000 }),
      "openings.list": () => ({ items: [], nextCursor: null }),
      "openings.get": () => openingFixture(),
      "templates.list": () => templates,
      "prospects.previewMessage": () => ({
        total: 120,
        willSend: 118,
        skipped,
        sample: { applicationId: 1, candidateName: "Jane Doe", subject: "Backend at Acme", text: "Hi Jane, <b>apply</b> here", html: "<p>x</p>" },
      }),
      "prospects.sendMessage": () => ({ sent: 118, messages: [], skipped }),
      "applications.setFollowUp": () => ({ ok: true }),
      "applications.rate": () => ({ ok: true }),
    },
  });
}

describe("Prospects follow-up", () => {
  it("'select all' selects every match of the filter (not the page) and sends the filter, after a preview with who is skipped", async () => {
    const { calls } = show();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Select all 120 matching" }));
    expect(screen.getByText("All 120 matching selected")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Send message…" }));
    expect(screen.getByRole("heading", { name: "Send a message to all 120 matching" })).toBeTruthy();
    // No send before a preview.
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true);
    await user.selectOptions(screen.getByLabelText("Template"), "Ask to apply");
    await screen.findByText("As Jane Doe will get it:");
    expect(screen.getByText(/of 120 will get this message/)).toBeTruthy();
    const skips = screen.getByText("2 prospects will be skipped:").parentElement!;
    expect(within(skips).getByText("Nora Nomail").parentElement!.textContent).toBe("Nora Nomail — no email address");
    expect(within(skips).getByText("Dee Nocontact").parentElement!.textContent).toBe("Dee Nocontact — do not contact");
    // The rendered mail is text, never markup.
    expect(screen.getByText("Hi Jane, <b>apply</b> here")).toBeTruthy();
    const preview = calls.find((c) => c.path === "prospects.previewMessage")!;
    expect(preview.input).toEqual({ selection: { filter: { needsFollowUp: true } }, templateId: 1 });

    await user.click(screen.getByLabelText("Remind me if there is no reply in"));
    await user.clear(screen.getByLabelText("Days without a reply"));
    await user.type(screen.getByLabelText("Days without a reply"), "4");
    await user.click(screen.getByRole("button", { name: "Send to 118 prospects" }));
    await screen.findByRole("heading", { name: "Message sent" });
    const send = calls.find((c) => c.path === "prospects.sendMessage")!;
    expect(send.input).toEqual({ selection: { filter: { needsFollowUp: true } }, templateId: 1, markFollowedUp: true, remindAfterDays: 4 });
    expect(screen.getByText(/Sent to 118 prospects\. They are marked as followed up\. You will be reminded if nobody replies in 4 days\./)).toBeTruthy();
    expect(screen.getByText("Skipped 2 prospects:")).toBeTruthy();
  });

  it("sends ticked rows by id, and can leave the follow-up flag alone", async () => {
    const { calls } = show();
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText("Select Nora Nomail"));
    await user.click(screen.getByLabelText("Select Dee Nocontact"));
    expect(screen.getByText("2 selected")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Send message…" }));
    await user.selectOptions(screen.getByLabelText("Template"), "Not a match");
    await screen.findByText("As Jane Doe will get it:");
    await user.click(screen.getByLabelText("Mark them as followed up"));
    await user.click(screen.getByRole("button", { name: /^Send to/ }));
    await screen.findByRole("heading", { name: "Message sent" });
    expect(calls.find((c) => c.path === "prospects.sendMessage")!.input).toEqual({ selection: { applicationIds: [2, 3] }, templateId: 2, markFollowedUp: false });
  });

  it("toggles the follow-up flag and the rating per row; names are text", async () => {
    const { calls } = show();
    const user = userEvent.setup();
    const evil = '<img src=x onerror="alert(1)">';
    await screen.findByText(evil);
    expect(document.querySelector("img[src=x]")).toBeNull();
    const flag = screen.getByRole("button", { name: `Not followed up: ${evil}` });
    expect(flag.getAttribute("aria-pressed")).toBe("false");
    await user.click(flag);
    // Dee is already shortlisted: pressing Shortlist again clears it.
    const dee = screen.getByRole("button", { name: "Shortlist Dee Nocontact" });
    expect(dee.getAttribute("aria-pressed")).toBe("true");
    await user.click(dee);
    await user.click(screen.getByRole("button", { name: "Not a fit: Nora Nomail" }));
    expect(calls.filter((c) => c.path === "applications.setFollowUp").map((c) => c.input)).toEqual([{ applicationIds: [1], followedUp: true }]);
    expect(calls.filter((c) => c.path === "applications.rate").map((c) => c.input)).toEqual([
      { applicationIds: [3], rating: null },
      { applicationIds: [2], rating: "not_a_fit" },
    ]);
  });

  it("the follow-up flag reads differently on and off (words and look), its name saying what is visible", async () => {
    const flagged = new Set<number>();
    renderApp(<CandidatesPage />, {
      route: "/candidates?tab=prospects",
      path: "/candidates",
      handlers: {
        "candidates.list": () => listPage([listItem(2, "Nora Nomail", 11, "prospecting", { followedUp: flagged.has(2) })]),
        "prospects.count": () => ({ count: 1, tooMany: false, max: 5000 }),
        "openings.list": () => ({ items: [], nextCursor: null }),
        "applications.setFollowUp": (input) => {
          const { applicationIds, followedUp } = input as { applicationIds: number[]; followedUp: boolean };
          for (const id of applicationIds) followedUp ? flagged.add(id) : flagged.delete(id);
          return { ok: true };
        },
      },
    });
    const user = userEvent.setup();
    const flag = await screen.findByRole("button", { name: "Not followed up: Nora Nomail" });
    // What a sighted person reads: the text without the screen-reader-only part.
    const visible = () => [...flag.childNodes].filter((n) => !(n instanceof HTMLElement && n.classList.contains("sr-only"))).map((n) => n.textContent).join("").trim();
    expect(flag.getAttribute("aria-pressed")).toBe("false");
    expect(visible()).toBe("Not followed up");
    const offClass = flag.className;
    await user.click(flag);
    await waitFor(() => expect(flag.getAttribute("aria-pressed")).toBe("true"));
    expect(visible()).toBe("✓ Followed up");
    expect(flag.className).not.toBe(offClass);
    expect(screen.getByRole("button", { name: "Followed up: Nora Nomail" })).toBe(flag); // the ✓ is not read out
    await user.click(flag);
    await waitFor(() => expect(visible()).toBe("Not followed up"));
  });

  it("shows the server's refusal of a preview", async () => {
    renderApp(<CandidatesPage />, {
      route: "/candidates?tab=prospects",
      path: "/candidates",
      handlers: {
        "candidates.list": () => listPage(items),
        "prospects.count": () => ({ count: 3, tooMany: false, max: 5000 }),
        "openings.list": () => ({ items: [], nextCursor: null }),
        "templates.list": () => templates,
        "prospects.previewMessage": () => {
          throw serverError("BAD_REQUEST", "More than 5000 prospects match; narrow the filter");
        },
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Select all 3 matching" }));
    await user.click(screen.getByRole("button", { name: "Send message…" }));
    await user.selectOptions(screen.getByLabelText("Template"), "Ask to apply");
    expect(await screen.findByText(/More than 5000 prospects match; narrow the filter/)).toBeTruthy();
    expect(screen.getByText("No preview.")).toBeTruthy();
  });
});
