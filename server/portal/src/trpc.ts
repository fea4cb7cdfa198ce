import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCLink } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { PortalRouter } from "../../src/trpc/portal";

export type { PortalRouter };
export type PortalOutputs = inferRouterOutputs<PortalRouter>;

export const { TRPCProvider, useTRPC } = createTRPCContext<PortalRouter>();

/** The portal demands this header on every mutation (a cross-site page cannot set it). */
export const CSRF_HEADER = "x-prospector-csrf";

/** The portal's own API: its session cookie (path /portal) goes along; staff credentials mean nothing there. */
export function portalLinks(url = "/portal/api/trpc"): TRPCLink<PortalRouter>[] {
  return [
    httpBatchLink<PortalRouter>({
      url,
      maxItems: 20,
      headers: () => ({ [CSRF_HEADER]: "1" }),
      fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
    }),
  ];
}

export const makePortalClient = (links = portalLinks()) => createTRPCClient<PortalRouter>({ links });

/** The server's code for a refused call, or null for a network failure. */
export function errorCode(err: unknown): string | null {
  if (err instanceof TRPCClientError) return ((err.data ?? {}) as { code?: string }).code ?? null;
  return null;
}

/** The server's safe sentence, or a plain one when the server was not reached. */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const data = (err.data ?? {}) as { code?: string; fieldErrors?: { path: string; message: string }[] | null };
    if (!data.code) return "The server could not be reached. Check your connection and try again.";
    if (data.code === "BAD_REQUEST" && data.fieldErrors?.length) return data.fieldErrors.map((f) => f.message).join("; ");
    return err.message;
  }
  return err instanceof Error ? err.message : "Something went wrong";
}
