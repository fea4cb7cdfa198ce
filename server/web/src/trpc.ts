import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "../../src/trpc/router";

export type { AppRouter };
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The header the server demands on cookie-authenticated mutations (a cross-site page cannot set it). */
export const CSRF_HEADER = "x-prospector-csrf";

/** Batches the calls a screen makes together into one request; the session cookie goes along. */
export function httpLink(url = "/trpc"): TRPCLink<AppRouter> {
  return httpBatchLink<AppRouter>({
    url,
    maxItems: 20,
    headers: () => ({ [CSRF_HEADER]: "1" }),
    fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
  });
}

/**
 * Subscriptions (live messages, the unread badge) go over Server-Sent Events with the session cookie;
 * queries and mutations are batched over HTTP.
 */
export function defaultLinks(url = "/trpc"): TRPCLink<AppRouter>[] {
  return [
    splitLink({
      condition: (op) => op.type === "subscription",
      true: httpSubscriptionLink({ url, eventSourceOptions: () => ({ withCredentials: true }) }),
      false: httpLink(url),
    }),
  ];
}

export function makeTrpcClient(links: TRPCLink<AppRouter>[] = defaultLinks()) {
  return createTRPCClient<AppRouter>({ links });
}
