import type { USER_ROLES } from "../db/schema/companies";

export type Role = (typeof USER_ROLES)[number];

/** A signed-in company user; every service call that changes company data takes one. */
export interface UserActor {
  type: "user";
  userId: number;
  companyId: number;
  role: Role;
  name: string;
  /** Signed in with a one-time password: may only change it (or sign out) until it is replaced. */
  mustChangePassword?: boolean;
}

/** The product itself acting (jobs, imports, inbound mail). */
export interface SystemActor {
  type: "system";
  companyId: number;
}

/** A candidate acting through their private conversation page, a reply or an unsubscribe link. */
export interface CandidateActor {
  type: "candidate";
  companyId: number;
  candidateId: number;
}

/** A client's contact signed in to the client portal: sees only their client's live shares. */
export interface ClientContactActor {
  type: "client_contact";
  companyId: number;
  contactId: number;
  clientId: number;
  name: string;
}

export type Actor = UserActor | SystemActor | CandidateActor | ClientContactActor;

export const isAdmin = (a: UserActor) => a.role === "admin" || a.role === "super_admin";
export const isSuperAdmin = (a: UserActor) => a.role === "super_admin";

/** Activity columns for an actor. */
export const actorRef = (a: Actor) =>
  a.type === "user"
    ? { actorType: "user" as const, actorId: a.userId }
    : a.type === "candidate"
      ? { actorType: "candidate" as const, actorId: a.candidateId }
      : a.type === "client_contact"
        ? { actorType: "client_contact" as const, actorId: a.contactId }
        : { actorType: "system" as const, actorId: null };
