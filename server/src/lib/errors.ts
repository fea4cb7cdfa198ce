/** Domain error codes; one place (trpc/init.ts) maps them to transport codes. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS";

/** A rule refused the request; `message` is safe to show to the user, `details` is structured for clients. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You are not allowed to do that") => new AppError("FORBIDDEN", message);
export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError("BAD_REQUEST", message, details);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError("CONFLICT", message, details);
export const precondition = (message: string, details?: Record<string, unknown>) =>
  new AppError("PRECONDITION_FAILED", message, details);
