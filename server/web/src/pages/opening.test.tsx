import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ErrorNote } from "../components/query-state";
import { openingFixture } from "../test/fixtures";
import { renderApp, serverError } from "../test/render";
import { OpeningPage } from "./opening";

const showOpening = (answer: () => unknown) =>
  renderApp(<OpeningPage />, { route: "/openings/9/pipeline", path: "/openings/:openingId/*", handlers: { "openings.get": answer, "candidates.list": () => ({ items: [], nextCursor: null }) } });

describe("Opening page", () => {
  it("says an opening is not found or not the recruiter's team's, without a retry that cannot help", async () => {
    showOpening(() => {
      throw serverError("NOT_FOUND", "Opening not found");
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Opening not found" })).toBeTruthy();
    expect(screen.getByText(/does not exist, or you are not on its hiring team/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "all openings you can see" }).getAttribute("href")).toBe("/openings");
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });

  it("offers a retry when the server could not answer", async () => {
    showOpening(() => {
      throw serverError("INTERNAL_SERVER_ERROR", "Internal server error");
    });
    expect(await screen.findByRole("button", { name: "Try again" })).toBeTruthy();
  });

  it("shows the opening when it may be seen", async () => {
    showOpening(() => openingFixture({ id: 9, title: "Backend" }));
    expect(await screen.findByRole("heading", { level: 1, name: /Backend/ })).toBeTruthy();
  });
});

describe("ErrorNote", () => {
  it("offers 'Try again' only for errors a retry can fix", () => {
    const { rerender } = renderApp(<ErrorNote error={serverError("FORBIDDEN", "You are not allowed to do that")} retry={() => {}} />, { handlers: {} });
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
    for (const retryable of [serverError("INTERNAL_SERVER_ERROR", "boom"), serverError("TOO_MANY_REQUESTS", "slow down"), new Error("Failed to fetch")]) {
      rerender(<ErrorNote error={retryable} retry={() => {}} />);
      expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
    }
  });
});
