import { describe, expect, test } from "vitest";
import { classify, refusedOutcome } from "../src/lib/errors";

const trpcError = (code: string, message: string, details: Record<string, unknown> | null = null) => ({ name: "TRPCClientError", message, data: { code, httpStatus: 400, details } });

describe("classify", () => {
  test.each([
    [{ name: "TRPCClientError", message: "Failed to fetch", cause: new TypeError("Failed to fetch") }, "offline"],
    [{ name: "TimeoutError", message: "signal timed out" }, "offline"],
    [{ name: "TRPCClientError", message: "Unexpected token <", meta: { response: { status: 502 } } }, "offline"],
    [trpcError("INTERNAL_SERVER_ERROR", "Internal server error"), "offline"],
    [trpcError("UNAUTHORIZED", "Sign in first"), "unauthorized"],
    [{ name: "TRPCClientError", message: "x", meta: { response: { status: 401 } } }, "unauthorized"],
    [trpcError("CONFLICT", "Already on"), "server"],
    [trpcError("PRECONDITION_FAILED", "Archived"), "server"],
    [{ name: "TRPCClientError", message: "Not Found", meta: { response: { status: 404 } } }, "server"],
    ["weird", "offline"],
  ])("%j → %s", (err, kind) => {
    expect(classify(err).kind).toBe(kind);
  });
});

describe("refusedOutcome", () => {
  const ctx = { openingTitle: "Picked opening", candidateUrl: (id: number) => `https://p.example/app/candidates/${id}` };
  const server = (code: string, message: string, details: Record<string, unknown> | null = null) => {
    const c = classify(trpcError(code, message, details));
    if (c.kind !== "server") throw new Error("expected a server refusal");
    return c;
  };

  test("conflict says where the person already is, with a link", () => {
    expect(refusedOutcome(server("CONFLICT", "Already on", { candidateId: 7, openingTitle: "Data Scientist", stageName: "Contacted", status: "active" }), ctx)).toEqual({
      state: "conflict",
      candidateId: 7,
      candidateUrl: "https://p.example/app/candidates/7",
      openingTitle: "Data Scientist",
      stageName: "Contacted",
      message: "Already on",
    });
  });

  test("archived and prospecting-off are told apart by the server's reason", () => {
    expect(refusedOutcome(server("PRECONDITION_FAILED", "a", { reason: "opening_archived" }), ctx).state).toBe("opening_archived");
    expect(refusedOutcome(server("PRECONDITION_FAILED", "b", { reason: "prospecting_off" }), ctx).state).toBe("prospecting_off");
  });

  test("validation errors and the rest", () => {
    expect(refusedOutcome(server("BAD_REQUEST", "A name is required"), ctx)).toEqual({ state: "invalid", message: "A name is required" });
    expect(refusedOutcome(server("FORBIDDEN", "No"), ctx)).toEqual({ state: "error", message: "No" });
  });
});
