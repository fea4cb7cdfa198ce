import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { allowedMovesFixture, type CandidateApplication, type CandidateDetail, candidateApplication, candidateDetail, openingFixture, stage } from "../test/fixtures";
import { renderApp } from "../test/render";
import { CandidatePage } from "./candidate";

type Detail = CandidateDetail;
const moves = allowedMovesFixture;
const app = candidateApplication;
const candidate = (applications: CandidateApplication[], over: Partial<Detail> = {}) =>
  candidateDetail(applications, { fullName: '<img src=x onerror="alert(1)">', title: "SRE", source: "extension", ...over });
const opening = openingFixture({
  hiringStages: [stage(1, "New", "hiring", 0, { count: 1 }), stage(2, "Offer", "hiring", 1)],
});
const states = [
  { id: 40, name: "Hired", kind: "hired", isSystem: false, position: 0, retired: false },
  { id: 41, name: "Rejected by client", kind: "rejected_by_client", isSystem: true, position: 1, retired: false },
];

function show(c: Detail) {
  return renderApp(<CandidatePage />, {
    route: "/candidates/5",
    path: "/candidates/:candidateId",
    handlers: {
      "candidates.get": () => ({ mergedIntoId: null, candidate: c }),
      "openings.get": () => opening,
      "decisionedStates.list": () => states,
      "applications.move": () => ({ ok: true }),
      "applications.reopen": () => ({ ok: true }),
      "applications.decide": () => ({ ok: true }),
      "candidates.dismissDuplicate": () => ({ ok: true }),
      "documents.list": () => [],
    },
  });
}

describe("Candidate profile", () => {
  it("never offers 'back to prospecting' when the API does not allow it", async () => {
    show(candidate([app({ allowedMoves: moves({ reasons: { toProspecting: "Started in the hiring workflow" } }) })]));
    await screen.findByRole("button", { name: "Decide" });
    expect(screen.queryByRole("button", { name: /back to prospecting/i })).toBeNull();
    expect(screen.queryByRole("button", { name: "Move to hiring" })).toBeNull();
    // The name is text, not markup.
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain('<img src=x onerror="alert(1)">');
    expect(document.querySelector("img[src=x]")).toBeNull();
  });

  it("offers it when allowed and sends the chosen prospecting stage", async () => {
    const { calls } = show(candidate([app({ origin: "prospecting", allowedMoves: moves({ toProspecting: true }) })]));
    const user = userEvent.setup();
    const button = await screen.findByRole("button", { name: "Move back to prospecting" });
    await screen.findByRole("option", { name: "Contacted" });
    await user.selectOptions(screen.getByLabelText("Prospecting stage"), "Contacted");
    await user.click(button);
    await screen.findByText("Moved");
    expect(calls.find((c) => c.path === "applications.move")?.input).toEqual({ applicationId: 9, stageId: 12 });
  });

  it("decides with the state picked, then (decisioned) offers only reopen", async () => {
    const { calls, unmount } = show(candidate([app({})]));
    const user = userEvent.setup();
    await screen.findByRole("option", { name: "Hired" });
    expect(screen.queryByRole("option", { name: "Rejected by client" })).toBeNull(); // the client portal's, not staff's
    await user.selectOptions(screen.getByRole("combobox", { name: /^Decision/ }), "Hired");
    await user.click(screen.getByRole("button", { name: "Decide" }));
    await screen.findByText("Decision saved");
    expect(calls.find((c) => c.path === "applications.decide")?.input).toEqual({ applicationId: 9, stateId: 40, note: undefined });
    unmount();

    show(candidate([app({ status: "decisioned", decisionedStateName: "Hired", decisionedStateId: 40, allowedMoves: moves({ withinWorkflow: false, decision: false, reopen: true }) })]));
    await screen.findByRole("button", { name: "Reopen" });
    expect(screen.queryByRole("button", { name: "Decide" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Move" })).toBeNull();
  });

  it("keeps keyboard focus on the application after Move to hiring removes the button that had it", async () => {
    let moved = false;
    const prospect = () =>
      moved
        ? app({ workflow: "hiring", origin: "prospecting", stageId: 1, stageName: "New", allowedMoves: moves({ toProspecting: true }) })
        : app({ workflow: "prospecting", origin: "prospecting", stageId: 11, stageName: "Identified", allowedMoves: moves({ toHiring: true }) });
    renderApp(<CandidatePage />, {
      route: "/candidates/5",
      path: "/candidates/:candidateId",
      handlers: {
        "candidates.get": () => ({ mergedIntoId: null, candidate: candidate([prospect()]) }),
        "openings.get": () => opening,
        "decisionedStates.list": () => states,
        "applications.move": () => {
          moved = true;
          return { ok: true };
        },
      },
    });
    const user = userEvent.setup();
    await screen.findByRole("option", { name: "New" });
    await user.click(screen.getByRole("button", { name: "Move to hiring" }));
    await screen.findByRole("button", { name: "Move back to prospecting" });
    expect(screen.queryByRole("button", { name: "Move to hiring" })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("article", { name: "Backend application" })));
  });

  it("shows the possible-duplicate banner with keep both (and merge for admins)", async () => {
    const { calls } = show(candidate([], { possibleDuplicates: [{ id: 6, fullName: "Jane Doe", title: "SRE", companyName: "Acme", location: "" }] }));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Keep both" }));
    expect(screen.getByRole("button", { name: "Merge into this profile" })).toBeTruthy();
    await screen.findByText("Kept both");
    expect(calls.find((c) => c.path === "candidates.dismissDuplicate")?.input).toEqual({ candidateId: 5, otherCandidateId: 6 });
  });
});
