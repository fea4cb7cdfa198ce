import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { candidateApplication, candidateDetail, openingFixture } from "../test/fixtures";
import { renderApp } from "../test/render";
import { CandidatePage } from "./candidate";
import { NewCandidatePage } from "./new-candidate";

describe("Add a candidate", () => {
  it("after Add prospect, opens the new profile with keyboard focus on its name", async () => {
    const { calls } = renderApp(
      <Routes>
        <Route path="/candidates/new" element={<NewCandidatePage />} />
        <Route path="/candidates/:candidateId" element={<CandidatePage />} />
      </Routes>,
      {
        route: "/candidates/new?opening=7&workflow=prospecting",
        handlers: {
          "openings.list": () => ({ items: [{ ...openingFixture(), counts: null }], nextCursor: null }),
          "openings.get": () => openingFixture(),
          "duplicates.lookup": () => ({ match: null, possible: [] }),
          "candidates.create": () => ({ candidateId: 5, applicationId: 9, outcome: "created", matchedBy: null, openingId: 7, stageId: 11, stageName: "Identified" }),
          "candidates.get": () => ({
            mergedIntoId: null,
            candidate: candidateDetail([candidateApplication({ workflow: "prospecting", origin: "prospecting", stageId: 11, stageName: "Identified" })], { fullName: "Pia Prospect" }),
          }),
          "decisionedStates.list": () => [],
        },
      },
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Full name"), "Pia Prospect");
    await user.click(screen.getByRole("button", { name: "Add prospect" }));
    const name = await screen.findByRole("heading", { level: 1, name: /Pia Prospect/ });
    expect(calls.find((c) => c.path === "candidates.create")?.input).toMatchObject({ placement: { openingId: 7, workflow: "prospecting" } });
    await waitFor(() => expect(document.activeElement).toBe(name));
  });
});
