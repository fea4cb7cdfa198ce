import { TRPCClientError } from "@trpc/client";

export interface ErrorInfo {
  code: string | null;
  message: string;
  details: Record<string, unknown> | null;
  fieldErrors: { path: string; message: string }[];
}

interface ErrorData {
  code?: string;
  details?: Record<string, unknown> | null;
  fieldErrors?: { path: string; message: string }[] | null;
}

/** The server's safe message and code from any error a tRPC call throws (network errors included). */
export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof TRPCClientError) {
    const data = (err.data ?? {}) as ErrorData;
    const fieldErrors = data.fieldErrors ?? [];
    let message = err.message;
    if (data.code === "BAD_REQUEST" && fieldErrors.length) {
      message = fieldErrors.map((f) => (f.path ? `${humanField(f.path)}: ${f.message}` : f.message)).join("; ");
    } else if (!data.code) {
      message = "The server could not be reached. Check your connection and try again.";
    }
    return { code: data.code ?? null, message, details: data.details ?? null, fieldErrors };
  }
  if (err instanceof Error) return { code: null, message: err.message, details: null, fieldErrors: [] };
  return { code: null, message: "Something went wrong", details: null, fieldErrors: [] };
}

export const errorMessage = (err: unknown) => errorInfo(err).message;
export const errorCode = (err: unknown) => errorInfo(err).code;

/** Refusals the server would repeat (not found, not allowed, bad input…): asking again cannot help. */
const FINAL_CODES = new Set(["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED", "METHOD_NOT_SUPPORTED", "PAYLOAD_TOO_LARGE", "UNPROCESSABLE_CONTENT"]);

/** Whether trying the same request again may work: network failures, server errors and throttling. */
export const isRetryable = (err: unknown) => !FINAL_CODES.has(errorCode(err) ?? "");

function humanField(path: string) {
  const last = path.split(".").filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  return last.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());
}

/** Wrong credentials, a locked account and throttling read differently on the sign-in form. */
export function signInErrorMessage(err: unknown): { title: string; message: string } {
  const e = errorInfo(err);
  if (e.code === "TOO_MANY_REQUESTS") return { title: "Sign-in blocked for now", message: e.message };
  if (e.code === "UNAUTHORIZED") return { title: "Wrong email or password", message: "Check both and try again. After 5 failed attempts the account is locked for 15 minutes." };
  if (e.code === "BAD_REQUEST") return { title: "Check the form", message: e.message };
  return { title: "Could not sign in", message: e.message };
}
