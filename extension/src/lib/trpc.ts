// The tRPC client, used by the background service worker only (content scripts and the popup send messages).
import type { AppRouter } from "@prospector/server/router";
import { createTRPCClient, httpBatchLink } from "@trpc/client";

/** A request that takes longer than this is treated as "server unreachable" (and an add is queued). */
export const REQUEST_TIMEOUT_MS = 15_000;

export type ApiClient = ReturnType<typeof makeClient>;

/**
 * A client for one server. With a token it authenticates as `Bearer`; without one (creating the token) it
 * sends the header the server's CSRF check wants from non-Bearer mutations.
 */
export function makeClient(serverUrl: string, token: string | null) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${serverUrl}/trpc`,
        maxItems: 20,
        headers: () => (token ? { authorization: `Bearer ${token}` } : { "x-prospector-csrf": "1" }),
        fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: "omit", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
      }),
    ],
  });
}

/** The web UI's page for a candidate. */
export const candidateUrl = (serverUrl: string, candidateId: number) => `${serverUrl}/app/candidates/${candidateId}`;
