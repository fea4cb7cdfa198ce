import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { listItem, listPage, openingFixture, stage } from "../test/fixtures";
import { deferred, renderApp, serverError } from "../test/render";
import { Board } from "./board";
import type { ListItem } from "./board-state";

const opening = openingFixture();
const card = listItem;
/** candidates.list as the board asks it: the active cards, and (status "decisioned") the decisioned lane. */
const lists =
  (active: ListItem[], decisioned: ListItem[] = [], onCall?: () => void) =>
  (input: unknown) => {
    onCall?.();
    return listPage((input as { status?: string }).status === "decisioned" ? decisioned : active);
  };

const states = [
  { id: 50, name: "Not a fit", kind: "rejected", isSystem: false, position: 0, retired: false },
  { id: 51, name: "Hired", kind: "hired", isSystem: false, position: 1, retired: false },
  { id: 52, name: "Rejected by client", kind: "rejected_by_client", isSystem: true, position: 2, retired: false },
];

const column = (name: string) => screen.getByRole("heading", { name: new RegExp(`^${name}`) }).closest("section") as HTMLElement;

describe("Board", () => {
  it("moves a card at once, and puts it back with the server's reason when the move is refused", async () => {
    const move = deferred<unknown>();
    let listCalls = 0;
    const { calls } = renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: {
        "candidates.list": lists([card(1, "Hugo Hiring", 2, "hiring")], [], () => listCalls++),
        "applications.move": () => move.promise,
        "openings.get": () => opening,
      },
    });
    await within(await waitFor(() => column("Interview"))).findByText("Hugo Hiring");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Move Hugo Hiring" }));
    await user.click(screen.getByRole("button", { name: "Offer" }));
    // Optimistic: in Offer before the server answers.
    await within(column("Offer")).findByText("Hugo Hiring");
    expect(within(column("Interview")).queryByText("Hugo Hiring")).toBeNull();
    expect(calls.find((c) => c.path === "applications.move")?.input).toEqual({ applicationId: 1, stageId: 3 });

    move.reject(serverError("PRECONDITION_FAILED", "This application is decisioned; reopen it first"));
    const alert = await screen.findByText(/Hugo Hiring was not moved: This application is decisioned; reopen it first/);
    expect(alert.closest("[role=alert]")).not.toBeNull();
    await within(column("Interview")).findByText("Hugo Hiring");
    expect(within(column("Offer")).queryByText("Hugo Hiring")).toBeNull();
    await waitFor(() => expect(listCalls).toBeGreaterThan(2)); // and the board is re-read from the server
  });

  it("keeps keyboard focus on a card moved with the Move menu, in its new column", async () => {
    let stageId = 2;
    renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: {
        "candidates.list": (input) => lists([card(1, "Hugo Hiring", stageId, "hiring")])(input),
        "applications.move": (input) => {
          stageId = (input as { stageId: number }).stageId;
          return { ok: true };
        },
        "decisionedStates.list": () => states,
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Hugo Hiring" }));
    await user.click(screen.getByRole("button", { name: "Offer" }));
    await within(column("Offer")).findByText("Hugo Hiring");
    await waitFor(() => expect(document.activeElement).toBe(within(column("Offer")).getByRole("button", { name: "Move Hugo Hiring" })));
    expect(screen.getByText("Hugo Hiring moved to Offer.").getAttribute("role")).toBe("status");
  });

  it("when a card leaves the board, puts focus on the next card of its column, else on the column", async () => {
    let left: number[] = [];
    renderApp(<Board opening={opening} workflow="prospecting" />, {
      handlers: {
        "candidates.list": (input) =>
          lists([card(5, "Pia Prospect", 11, "prospecting"), card(6, "Quinn Prospect", 11, "prospecting")].filter((c) => !left.includes(c.application!.applicationId)))(input),
        "applications.move": (input) => {
          left.push((input as { applicationId: number }).applicationId);
          return { ok: true };
        },
        "decisionedStates.list": () => states,
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Pia Prospect" }));
    await user.click(screen.getByRole("button", { name: "Hiring: Interview" }));
    await waitFor(() => expect(screen.queryByText("Pia Prospect")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: "Move Quinn Prospect" })));
    await user.click(screen.getByRole("button", { name: "Move Quinn Prospect" }));
    await user.click(screen.getByRole("button", { name: "Hiring: New" }));
    await waitFor(() => expect(screen.queryByText("Quinn Prospect")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(within(column("Identified")).getByRole("heading")));
    left = [];
  });

  it("decides from the Move menu with the states staff may use (never 'Rejected by client'), and the card leaves its column", async () => {
    let decided = false;
    const { calls } = renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: {
        "candidates.list": (input) =>
          lists(decided ? [card(2, "Ivy Next", 2, "hiring")] : [card(1, "Hugo Hiring", 2, "hiring"), card(2, "Ivy Next", 2, "hiring")])(input),
        "applications.decide": () => {
          decided = true;
          return { ok: true };
        },
        "decisionedStates.list": () => states,
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Hugo Hiring" }));
    expect(await screen.findByText("Decision")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Decision: Hired" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Rejected by client/ })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Decision: Not a fit" }));
    expect(calls.find((c) => c.path === "applications.decide")?.input).toEqual({ applicationId: 1, stateId: 50 });
    await waitFor(() => expect(within(column("Interview")).queryByText("Hugo Hiring")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: "Move Ivy Next" })));
  });

  it("puts a refused decision's card back, with the reason", async () => {
    renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: {
        "candidates.list": lists([card(1, "Hugo Hiring", 2, "hiring")]),
        "applications.decide": () => {
          throw serverError("PRECONDITION_FAILED", "This application is decisioned already");
        },
        "decisionedStates.list": () => states,
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Hugo Hiring" }));
    await user.click(await screen.findByRole("button", { name: "Decision: Hired" }));
    expect(await screen.findByText(/Hugo Hiring was not decisioned: This application is decisioned already/)).toBeTruthy();
    await within(column("Interview")).findByText("Hugo Hiring");
  });

  it("offers prospects their own stages and the hiring stages, never a hiring card's way back", async () => {
    renderApp(<Board opening={opening} workflow="prospecting" />, {
      handlers: { "candidates.list": lists([card(5, "Pia Prospect", 11, "prospecting")]), "applications.move": () => ({ ok: true }) },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Pia Prospect" }));
    for (const name of ["Contacted", "Hiring: New", "Hiring: Interview", "Hiring: Offer"]) expect(screen.getByRole("button", { name })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Identified" })).toBeNull();
  });

  it("never offers a hiring-origin card the way back to prospecting, neither in the menu nor as a drop target", async () => {
    renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: { "candidates.list": lists([card(1, "Hugo Hiring", 1, "hiring")]) },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Hugo Hiring" }));
    const names = screen.getAllByRole("button").map((b) => `${b.getAttribute("aria-label") ?? ""} ${b.textContent ?? ""}`);
    expect(names.some((n) => /Identified|Contacted|prospect/i.test(n))).toBe(false);
    for (const name of ["Interview", "Offer"]) expect(screen.getByRole("button", { name })).toBeTruthy();
    expect(screen.queryByText(/back to prospecting/i)).toBeNull();
  });

  it("offers a prospecting-origin card in hiring the way back, and moves it there", async () => {
    const hugo = card(1, "Hugo Hiring", 1, "hiring");
    let moved = false;
    const { calls } = renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: {
        "candidates.list": (input) => lists(moved ? [hugo] : [hugo, card(2, "Pia Promoted", 2, "hiring", { origin: "prospecting" })])(input),
        "applications.move": () => {
          moved = true;
          return { ok: true };
        },
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Pia Promoted" }));
    expect(screen.getByText("Move back to prospecting")).toBeTruthy();
    // The drop target is there for the cards that may take it.
    expect(screen.getByText("Drop here: Move back to prospecting (Identified)")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Back to prospecting: Contacted" }));
    expect(calls.find((c) => c.path === "applications.move")?.input).toEqual({ applicationId: 2, stageId: 12 });
    // It leaves the hiring board at once; Hugo (started in hiring) is still never offered it.
    await waitFor(() => expect(screen.queryByText("Pia Promoted")).toBeNull());
    await user.click(screen.getByRole("button", { name: "Move Hugo Hiring" }));
    expect(screen.queryByRole("button", { name: /back to prospecting/i })).toBeNull();
  });

  it("does not offer the way back once prospecting is off for the opening", async () => {
    renderApp(<Board opening={openingFixture({ prospectingEnabled: false })} workflow="hiring" />, {
      handlers: { "candidates.list": lists([card(2, "Pia Promoted", 2, "hiring", { origin: "prospecting" })]) },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Pia Promoted" }));
    expect(screen.queryByText(/back to prospecting/i)).toBeNull();
  });

  it("lists the workflow's decisioned applications in a read-only lane, with the state, the count and a link to the profile", async () => {
    const withCounts = openingFixture({
      hiringStages: [stage(1, "New", "hiring", 0, { decisionedCount: 1 }), stage(2, "Interview", "hiring", 1, { decisionedCount: 1 }), stage(3, "Offer", "hiring", 2)],
    });
    const { calls } = renderApp(<Board opening={withCounts} workflow="hiring" />, {
      handlers: {
        "candidates.list": lists(
          [card(1, "Hugo Hiring", 1, "hiring")],
          [
            card(3, "Nora Nofit", 2, "hiring", { status: "decisioned", decisionedStateName: "Not a fit", stageName: "Interview" }),
            card(4, "Cleo Client", 1, "hiring", { status: "decisioned", decisionedStateName: "Rejected by client", stageName: "New", origin: "prospecting" }),
          ],
        ),
      },
    });
    const lane = (await screen.findByRole("heading", { name: /^Decisioned/ })).closest("section") as HTMLElement;
    expect(within(lane).getByRole("heading").textContent).toBe("Decisioned 2");
    await within(lane).findByText("Not a fit");
    expect(within(lane).getByText("Rejected by client")).toBeTruthy();
    expect(within(lane).getByText(/was in Interview/)).toBeTruthy();
    expect(within(lane).getByRole("link", { name: "Nora Nofit" }).getAttribute("href")).toBe("/candidates/103");
    expect(within(lane).queryByRole("button")).toBeNull(); // read-only: no Move menu
    expect(within(lane).getAllByRole("listitem").every((li) => li.getAttribute("draggable") === null)).toBe(true);
    // Decisioned cards are not in the stage columns, and the lane's list asks for decisioned applications of this board only.
    expect(within(column("Interview")).queryByText("Nora Nofit")).toBeNull();
    expect(calls.filter((c) => c.path === "candidates.list").map((c) => c.input)).toEqual(
      expect.arrayContaining([expect.objectContaining({ tab: "hiring", openingId: 7, status: "decisioned" }), expect.objectContaining({ tab: "hiring", openingId: 7, status: "active" })]),
    );
  });

  it("says what to do when the board is empty, and shows load errors with a retry", async () => {
    renderApp(<Board opening={opening} workflow="hiring" />, { handlers: { "candidates.list": lists([]) } });
    expect(await screen.findByText("Nobody is in the hiring pipeline yet.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Add a candidate by hand" }).getAttribute("href")).toBe("/candidates/new?opening=7&workflow=hiring");
  });

  it("shows a load error with a retry", async () => {
    renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: {
        "candidates.list": () => {
          throw serverError("INTERNAL_SERVER_ERROR", "The database is busy");
        },
      },
    });
    expect((await screen.findByText(/The database is busy/)).closest("[role=alert]")).not.toBeNull();
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });

  it("a column counts every card in its stage, not only the loaded ones", async () => {
    const big = openingFixture({ hiringStages: [stage(1, "New", "hiring", 0, { count: 250 }), stage(2, "Interview", "hiring", 1, { count: 1 })] });
    renderApp(<Board opening={big} workflow="hiring" />, {
      handlers: { "candidates.list": lists([card(1, "Ann Loaded", 1, "hiring"), card(2, "Bo Loaded", 2, "hiring")]) },
    });
    await within(await waitFor(() => column("New"))).findByText("Ann Loaded");
    expect(within(column("New")).getByText("250", { selector: ".count" }).getAttribute("title")).toBe("1 of 250 shown");
    expect(within(column("Interview")).getByText("1", { selector: ".count" })).toBeTruthy();
  });
});
