import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { CandidatePage } from "../pages/candidate";
import { candidateApplication, candidateDetail, openingFixture } from "../test/fixtures";
import { renderApp } from "../test/render";
import { PlacementPicker } from "./opening-picker";

const openings = [
  openingFixture({ id: 7, title: "Backend" }),
  openingFixture({ id: 8, title: "Frontend" }),
  openingFixture({ id: 9, title: "Old search", status: "archived" }),
  openingFixture({ id: 10, title: "Paused", status: "on_hold" }),
];
const handlers = {
  // As the server answers: only the statuses asked for.
  "openings.list": (input: unknown) => ({ items: openings.filter((o) => (input as { statuses: string[] }).statuses.includes(o.status)), nextCursor: null }),
  "openings.get": (input: unknown) => openings.find((o) => o.id === (input as { openingId: number }).openingId),
  "decisionedStates.list": () => [],
};
const optionNames = (select: HTMLElement) => within(select).getAllByRole("option").map((o) => o.textContent);

describe("Opening picker", () => {
  it("never offers an archived opening to add or import into", async () => {
    renderApp(<PlacementPicker idPrefix="t" openingId={undefined} workflow="hiring" stageId={undefined} onChange={() => {}} />, { handlers });
    const select = screen.getByRole("combobox", { name: "Opening" });
    await within(select).findByRole("option", { name: "Frontend" });
    expect(optionNames(select)).toEqual(["Choose an opening…", "Backend", "Frontend", "Paused (on hold)"]);
  });

  it("'Add to another opening' lists only openings the person is not on yet", async () => {
    renderApp(<CandidatePage />, {
      route: "/candidates/5",
      path: "/candidates/:candidateId",
      handlers: { ...handlers, "candidates.get": () => ({ mergedIntoId: null, candidate: candidateDetail([candidateApplication({ openingId: 7, openingTitle: "Backend" })]) }) },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Add to another opening…" }));
    const select = screen.getByRole("combobox", { name: "Opening" });
    await within(select).findByRole("option", { name: "Frontend" });
    expect(optionNames(select)).toEqual(["Choose an opening…", "Frontend", "Paused (on hold)"]);
  });
});
