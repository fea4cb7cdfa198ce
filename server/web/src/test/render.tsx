import { QueryClient } from "@tanstack/react-query";
import { TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { AppProviders } from "../app";
import { type Me, MeProvider } from "../lib/me";
import type { AppRouter } from "../trpc";

export type Handler = (input: unknown) => unknown | Promise<unknown>;
export type Handlers = Record<string, Handler>;
export interface Call {
  path: string;
  input: unknown;
}

/** A refusal as the server sends it (code, safe message, details). */
export function serverError(code: string, message: string, details: Record<string, unknown> | null = null) {
  const httpStatus = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PRECONDITION_FAILED: 412, TOO_MANY_REQUESTS: 429 }[code] ?? 500;
  return TRPCClientError.from({ error: { message, code: -32000, data: { code, httpStatus, details, fieldErrors: null } } });
}

/** A tRPC link answering from in-test handlers instead of HTTP; records every call. */
export function fakeLink(handlers: Handlers, calls: Call[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        const h = handlers[op.path];
        // A subscription without a handler stays open and quiet; with one, each value it yields is pushed.
        if (op.type === "subscription") {
          if (h) void Promise.resolve(h(op.input)).then((values) => {
            for (const v of (values as unknown[]) ?? []) observer.next({ result: { type: "data", data: v } });
          });
          return () => {};
        }
        Promise.resolve()
          .then(() => {
            if (!h) throw serverError("NOT_FOUND", `no handler for ${op.path}`);
            return h(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: "data", data } });
              observer.complete();
            },
            (err) => observer.error(err instanceof TRPCClientError ? err : serverError("INTERNAL_SERVER_ERROR", String(err))),
          );
        return () => {};
      });
}

export const ME: Me = { id: 1, companyId: 1, email: "ada@acme.test", name: "Ada Admin", role: "admin", mustChangePassword: false, active: true };

/** Renders `ui` at `route` (matched by `path`) with the app's providers, a fake API and a signed-in user. */
export function renderApp(ui: ReactNode, opts: { handlers: Handlers; route?: string; path?: string; me?: Me | null }) {
  const calls: Call[] = [];
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const me = opts.me === undefined ? ME : opts.me;
  const content = me ? <MeProvider me={me}>{ui}</MeProvider> : ui;
  const utils = render(
    <AppProviders links={[fakeLink(opts.handlers, calls)]} queryClient={queryClient}>
      <MemoryRouter initialEntries={[opts.route ?? "/"]}>
        <Routes>
          <Route path={opts.path ?? "*"} element={content} />
          <Route path="*" element={<p>elsewhere</p>} />
        </Routes>
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...utils, calls, queryClient };
}

export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
