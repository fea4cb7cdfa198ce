import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ME, renderApp, serverError } from "../test/render";
import { SignInPage, safeNext } from "./sign-in";

async function signInWith(handler: () => unknown, route = "/signin") {
  const r = renderApp(<SignInPage />, { handlers: { "auth.signIn": handler }, route, path: "/signin", me: null });
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Email"), "ada@acme.test");
  await user.type(screen.getByLabelText("Password"), "secret");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  return r;
}

describe("Sign in", () => {
  it("says plainly that the email or password is wrong", async () => {
    await signInWith(() => {
      throw serverError("UNAUTHORIZED", "Wrong email or password");
    });
    const msg = await screen.findByText(/Wrong email or password/);
    expect(msg.closest("[role=alert]")?.textContent).toMatch(/locked for 15 minutes/);
  });

  it("says the account is locked, with the server's reason", async () => {
    await signInWith(() => {
      throw serverError("TOO_MANY_REQUESTS", "This account is locked after too many failed sign-ins; try again in 15 minutes");
    });
    const msg = await screen.findByText(/This account is locked after too many failed sign-ins/);
    expect(msg.closest("[role=alert]")?.textContent).toMatch(/Sign-in blocked for now/);
  });

  it("goes to the page asked for after signing in", async () => {
    const r = await signInWith(() => ({ user: ME }), "/signin?next=%2Fcandidates");
    expect(await screen.findByText("elsewhere")).toBeTruthy();
    expect(r.calls[0]).toMatchObject({ path: "auth.signIn", input: { email: "ada@acme.test", password: "secret" } });
  });

  it("follows only in-app paths", () => {
    expect(safeNext("/openings/3")).toBe("/openings/3");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
