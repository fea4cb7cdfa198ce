import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, filtersFromUrl, filtersToUrl } from "../lib/reengage-url";
import { renderApp, serverError } from "../test/render";
import { ReengagePage } from "./reengage";

const result = (id: number, fullName: string, over: Record<string, unknown> = {}) => ({
  id,
  fullName,
  title: "Engineer",
  headline: "",
  companyName: "Initech",
  location: "Prague",
  source: "extension",
  lastActivityAt: 1_700_000_000_000,
  hasValidEmail: true,
  match: { field: "Title", segments: [{ text: "Engineer", match: true }] },
  applications: [],
  ...over,
});
const templates = [{ id: 4, name: "Invitation to re-apply", subject: "s", body: "b", defaultKey: "invite_to_reapply", updatedAt: 0 }];

function show(route: string, search: (input: unknown) => unknown, more: Record<string, (input: unknown) => unknown> = {}) {
  return renderApp(<ReengagePage />, {
    route,
    path: "/reengage",
    handlers: {
      ...more,
      "reengage.search": search,
      "reengage.facets": () => ({ stageNames: [{ name: "Interview", workflow: "hiring" }] }),
      "reengage.savedSearches.list": () => [],
      "reengage.sends": () => ({ items: [], nextCursor: null }),
      "openings.list": () => ({ items: [{ id: 7, title: "Kotlin Engineer", prospectingEnabled: true }], nextCursor: null }),
      "decisionedStates.list": () => [{ id: 3, name: "Hired", kind: "hired", isSystem: false, position: 0, retired: false }],
      "templates.list": () => templates,
      "reengage.previewInvite": () => ({
        total: 120,
        willSend: 119,
        skipped: { bounced: 1 },
        skippedPeople: [{ candidateId: 9, candidateName: "Bea Bounced", reason: "bounced" }],
        createsProspects: true,
        throttle: { mailsPerMinute: 60, intervalMs: 1000, startsAt: 0, lastMailAt: 118_000 },
        sample: { candidateId: 1, candidateName: "Ann", to: "ann@example.com", skipReason: null, subject: "A new opening", text: "Hi Ann", html: "" },
      }),
    },
  });
}

describe("Re-engage screen", () => {
  it("filters round-trip through the URL; junk is left out; a first visit gets the defaults", () => {
    const f = {
      query: 'engineer NOT "team lead"',
      titles: ["Data engineer", "Analyst"],
      skills: ["Python"],
      locations: ["Prague"],
      sources: ["import" as const],
      inactiveMonthsMin: 12,
      inactiveMonthsMax: 36,
      validEmail: true,
      pastOpeningIds: [7],
      lastStages: ["Interview"],
      decisionStateIds: [2],
      excludeDecisionStateIds: [3],
    };
    expect(filtersFromUrl(filtersToUrl(f))).toEqual(f);
    expect(filtersFromUrl(new URLSearchParams("min=abc&opening=-2&dec=x&src=mars&valid=yes"))).toEqual(
      expect.objectContaining({ inactiveMonthsMin: undefined, pastOpeningIds: undefined, decisionStateIds: undefined, sources: undefined, validEmail: undefined }),
    );
    expect(DEFAULT_FILTERS).toEqual({ inactiveMonthsMin: 6, validEmail: true });
  });

  it("a query the server refuses shows its message under the box; snippets stay text", async () => {
    const { calls } = show("/reengage?q=engineer&run=1", (input) => {
      const q = (input as { filters: { query?: string } }).filters.query;
      if (q === "too long") throw serverError("BAD_REQUEST", "At most 32 words or phrases in one search.", { field: "query", position: 0 });
      return { total: 1, items: [result(1, "Ann", { match: { field: "Title", segments: [{ text: "<b>Engineer</b>", match: true }] } })], nextCursor: null };
    });
    const user = userEvent.setup();
    const row = await screen.findByRole("row", { name: /Ann/ });
    // The data's markup is text inside <mark>, never HTML.
    expect(within(row).getByText("<b>Engineer</b>").tagName).toBe("MARK");
    const box = screen.getByLabelText("Search text");
    await user.clear(box);
    await user.type(box, "too long{Enter}");
    const under = await screen.findByText("At most 32 words or phrases in one search.");
    expect(under.getAttribute("role")).toBe("alert");
    expect(box.getAttribute("aria-describedby")).toContain(under.id);
    expect(box.getAttribute("aria-invalid")).toBe("true");
    // The client's own parser catches what it can before any request.
    const before = calls.filter((c) => c.path === "reengage.search").length;
    await user.clear(box);
    await user.type(box, "engineer OR{Enter}");
    expect((await screen.findByText(/OR needs a word after it/)).getAttribute("role")).toBe("alert");
    expect(calls.filter((c) => c.path === "reengage.search").length).toBe(before);
  });

  it("select all matching sends the filters, not the page's ids; the preview names who is skipped", async () => {
    const { calls } = show("/reengage?skill=Kotlin&min=12&run=1", () => ({ total: 120, items: [result(1, "Ann"), result(2, "Bob")], nextCursor: { rank: 0, at: 1, id: 2 } }));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Select all 120 matching" }));
    await user.click(screen.getByRole("button", { name: "Invite…" }));
    await user.selectOptions(screen.getByLabelText("Invite them to"), "Kotlin Engineer");
    await screen.findByText(/As Ann will get it/);
    const preview = calls.find((c) => c.path === "reengage.previewInvite")!.input as { selection: unknown; target: unknown; text: unknown };
    expect(preview.selection).toEqual({ filters: expect.objectContaining({ skills: ["Kotlin"], inactiveMonthsMin: 12 }) });
    expect(preview.target).toEqual({ openingId: 7 });
    expect(preview.text).toEqual({ templateId: 4 });
    expect(screen.getByText(/1 every address bounced/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Invite 119 people" })).toBeTruthy();
  });

  it("after a send the invited leave the results (active again), and the send's summary stays on screen", async () => {
    let sent = false;
    const summary = {
      id: 5,
      createdAt: 0,
      sender: "Admin",
      target: { kind: "opening", openingId: 7, title: "Kotlin Engineer" },
      subject: "A new opening",
      status: "queued",
      selected: 1,
      allMatching: false,
      skipped: {},
      startsAt: 0,
      lastMailAt: 0,
      invited: 1,
      delivered: 0,
      pending: 1,
      kept: 0,
      bounced: 0,
      failed: 0,
      replied: 0,
      applied: 0,
      skippedPeople: [],
    };
    show("/reengage?skill=Kotlin&min=12&run=1", () => (sent ? { total: 0, items: [], nextCursor: null } : { total: 1, items: [result(1, "Ann")], nextCursor: null }), {
      "reengage.invite": () => {
        sent = true;
        return summary;
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("checkbox", { name: "Select Ann" }));
    await user.click(screen.getByRole("button", { name: "Invite…" }));
    await user.selectOptions(screen.getByLabelText("Invite them to"), "Kotlin Engineer");
    await user.click(await screen.findByRole("button", { name: "Invite 119 people" }));
    await screen.findByText("Nobody matches these filters.");
    expect(screen.getByText(/1 person invited to Kotlin Engineer/)).toBeTruthy();
  });
});
