import type { UserActor } from "../lib/actor";
import type { Deps } from "../lib/deps";

/** Transport facts a procedure may need; createCaller in tests supplies a fake. */
export interface RequestMeta {
  ip: string;
  /** How the actor was authenticated: cookie-authenticated mutations need CSRF proof. */
  authVia: "cookie" | "bearer" | null;
  /** The request carried the anti-CSRF header and, if it had an Origin, it was ours. */
  csrfOk: boolean;
  setSessionCookie(token: string, expiresAt: number): void;
  clearSessionCookie(): void;
  sessionToken: string | null;
  /**
   * Whether the credential this request came with still stands, for the same user and role (sign-out,
   * revoked token, reset password, deactivation or demotion end it). Long-lived subscriptions ask before
   * every event they send.
   */
  stillAuthorized(): boolean;
}

export interface Context {
  deps: Deps;
  actor: UserActor | null;
  meta: RequestMeta;
}
