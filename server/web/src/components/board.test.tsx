import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { deferred, renderApp, serverError } from "../test/render";
import type { RouterOutputs } from "../trpc";
import { Board } from "./board";

type Opening = RouterOutputs["openings"]["get"];
const stage = (id: number, name: string, workflow: "hiring" | "prospecting", position: number) => ({ id, name, workflow, position, count: 0 });
const opening: Opening = {
  id: 7,
  title: "Backend",
  department: "",
  location: "",
  description: "",
  clientId: null,
  ownerId: 1,
  status: "open",
  prospectingEnabled: true,
  createdAt: 0,
  updatedAt: 0,
  hiringStages: [stage(1, "New", "hiring", 0), stage(2, "Interview", "hiring", 1), stage(3, "Offer", "hiring", 2)],
  prospectingStages: [stage(11, "Identified", "prospecting", 0), stage(12, "Contacted", "prospecting", 1)],
  team: [],
  canManage: true,
};
const card = (applicationId: number, name: string, stageId: number, workflow: "hiring" | "prospecting") => ({
  candidate: { id: applicationId + 100, fullName: name, headline: "", title: "Engineer", companyName: "Acme", location: "", photoUrl: null, source: "manual" as const, doNotContact: false, lastActivityAt: 0, createdAt: 0 },
  application: { applicationId, openingId: 7, openingTitle: "Backend", stageId, stageName: "", workflow, followedUp: false, rating: null, appliedAt: 0 },
});

const column = (name: string) => screen.getByRole("heading", { name: new RegExp(`^${name}`) }).closest("section") as HTMLElement;

describe("Board", () => {
  it("moves a card at once, and puts it back with the server's reason when the move is refused", async () => {
    const move = deferred<unknown>();
    let listCalls = 0;
    const { calls } = renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: {
        "candidates.list": () => {
          listCalls++;
          return { items: [card(1, "Hugo Hiring", 2, "hiring")], nextCursor: null };
        },
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
    await waitFor(() => expect(listCalls).toBeGreaterThan(1)); // and the board is re-read from the server
  });

  it("offers prospects their own stages and the hiring stages, never a hiring card's way back", async () => {
    renderApp(<Board opening={opening} workflow="prospecting" />, {
      handlers: { "candidates.list": () => ({ items: [card(5, "Pia Prospect", 11, "prospecting")], nextCursor: null }), "applications.move": () => ({ ok: true }) },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Pia Prospect" }));
    const options = screen.getAllByRole("button").map((b) => b.textContent);
    expect(options).toEqual(expect.arrayContaining(["Contacted", "Hiring: New", "Hiring: Interview", "Hiring: Offer"]));
    expect(options).not.toContain("Identified");
  });

  it("a hiring board offers only hiring stages", async () => {
    renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: { "candidates.list": () => ({ items: [card(1, "Hugo Hiring", 1, "hiring")], nextCursor: null }) },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Move Hugo Hiring" }));
    const names = screen.getAllByRole("button").map((b) => b.textContent ?? "");
    expect(names.some((n) => /Identified|Contacted|prospect/i.test(n))).toBe(false);
    expect(names).toEqual(expect.arrayContaining(["Interview", "Offer"]));
  });

  it("says what to do when the board is empty, and shows load errors with a retry", async () => {
    renderApp(<Board opening={opening} workflow="hiring" />, { handlers: { "candidates.list": () => ({ items: [], nextCursor: null }) } });
    expect(await screen.findByText("Nobody is in the hiring pipeline yet.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Add a candidate by hand" }).getAttribute("href")).toBe("/candidates/new?opening=7&workflow=hiring");
  });

  it("shows a load error with a retry", async () => {
    renderApp(<Board opening={opening} workflow="hiring" />, {
      handlers: {
        "candidates.list": () => {
          throw serverError("NOT_FOUND", "Opening not found");
        },
      },
    });
    expect((await screen.findByText(/Opening not found/)).closest("[role=alert]")).not.toBeNull();
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
