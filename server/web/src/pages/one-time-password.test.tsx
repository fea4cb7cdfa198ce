import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { RequireSession } from "../app";
import { ME, renderApp } from "../test/render";
import { PersonalSettingsPage } from "./personal-settings";

const oneTime = { ...ME, mustChangePassword: true };

describe("a one-time password", () => {
  it("sends every page to the password screen", async () => {
    renderApp(
      <RequireSession>
        <p>candidates list</p>
      </RequireSession>,
      { handlers: { "auth.me": () => oneTime }, route: "/candidates", path: "/candidates", me: null },
    );
    expect(await screen.findByText("elsewhere")).toBeTruthy();
    expect(screen.queryByText("candidates list")).toBeNull();
  });

  it("lets a user with their own password through", async () => {
    renderApp(
      <RequireSession>
        <p>candidates list</p>
      </RequireSession>,
      { handlers: { "auth.me": () => ME }, route: "/candidates", path: "/candidates", me: null },
    );
    expect(await screen.findByText("candidates list")).toBeTruthy();
  });

  it("the password screen asks for the one-time password and shows no API tokens (the server refuses them until then)", async () => {
    const r = renderApp(<PersonalSettingsPage />, { handlers: {}, me: oneTime });
    expect(await screen.findByRole("heading", { name: "Choose your own password" })).toBeTruthy();
    expect(screen.getByLabelText("One-time password")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: /API tokens/i })).toBeNull();
    expect(r.calls.map((c) => c.path)).not.toContain("auth.tokens.list");
  });
});
