// Turns whatever a server call threw into what the extension does next: retry later (offline), ask the user
// to connect again (401), or show the server's refusal. Duck-typed so it needs no tRPC import to test.
import type { AddOutcome, Failure } from "./protocol";

interface ErrorLike {
  name?: string;
  message?: string;
  data?: { code?: string; httpStatus?: number; details?: Record<string, unknown> | null } | null;
  meta?: { response?: { status?: number } };
}

export type Classified =
  | { kind: "offline"; message: string }
  | { kind: "unauthorized" }
  | { kind: "server"; code: string; message: string; details: Record<string, unknown> | null };

/** tRPC codes that say "the server had a passing problem": worth retrying. */
const RETRYABLE = new Set(["INTERNAL_SERVER_ERROR", "TOO_MANY_REQUESTS", "TIMEOUT", "BAD_GATEWAY", "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT", "CLIENT_CLOSED_REQUEST"]);

export function classify(err: unknown): Classified {
  const e = (typeof err === "object" && err !== null ? err : { message: String(err) }) as ErrorLike;
  const code = e.data?.code;
  if (code) {
    if (code === "UNAUTHORIZED") return { kind: "unauthorized" };
    if (RETRYABLE.has(code)) return { kind: "offline", message: `The server had a problem (${code}); will retry` };
    return { kind: "server", code, message: e.message || code, details: e.data?.details ?? null };
  }
  // No tRPC error body: the request never reached a tRPC server (network down, timeout, proxy error page).
  const status = e.meta?.response?.status;
  if (status === 401) return { kind: "unauthorized" };
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { kind: "server", code: `HTTP_${status}`, message: `The server answered ${status}: is the server URL right?`, details: null };
  }
  const why = e.name === "TimeoutError" || e.name === "AbortError" ? "timed out" : status ? `answered ${status}` : "could not be reached";
  return { kind: "offline", message: `The server ${why}` };
}

export function toFailure(c: Classified): Failure {
  return c.kind === "server" ? { kind: "server", code: c.code, message: c.message } : c;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

/** The capture form's state for a refused add (CONFLICT / PRECONDITION_FAILED / validation / anything else). */
export function refusedOutcome(c: Extract<Classified, { kind: "server" }>, ctx: { openingTitle: string; candidateUrl: (id: number) => string }): AddOutcome {
  const d = c.details ?? {};
  if (c.code === "CONFLICT") {
    const candidateId = num(d.candidateId);
    return {
      state: "conflict",
      candidateId,
      candidateUrl: candidateId === null ? null : ctx.candidateUrl(candidateId),
      openingTitle: str(d.openingTitle) ?? ctx.openingTitle,
      stageName: d.status === "decisioned" ? "decisioned" : str(d.stageName),
      message: c.message,
    };
  }
  if (c.code === "PRECONDITION_FAILED" && d.reason === "opening_archived") return { state: "opening_archived", message: c.message };
  if (c.code === "PRECONDITION_FAILED" && d.reason === "prospecting_off") return { state: "prospecting_off", message: c.message };
  if (c.code === "BAD_REQUEST") return { state: "invalid", message: c.message };
  if (c.code === "NOT_FOUND") return { state: "error", message: `${c.message} — the opening or stage may have been removed; pick again` };
  return { state: "error", message: c.message };
}
