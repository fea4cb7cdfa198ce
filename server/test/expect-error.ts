import { TRPCError } from "@trpc/server";
import { expect } from "vitest";

/** Awaits a call that must fail with this tRPC code; returns the error (its cause carries AppError details). */
export async function rejects(p: Promise<unknown>, code: TRPCError["code"]) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((err as TRPCError).code).toBe(code);
  return err as TRPCError & { cause?: { details?: Record<string, unknown> } };
}
