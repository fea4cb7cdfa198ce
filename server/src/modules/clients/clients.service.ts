import type { Executor } from "../../db/client";
import { isAdmin, type UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors";
import { SIGN_IN_LINK_FIELD } from "../portal/portal.links";
import { endContactSessions, INVITE_LINK_TTL_MS, portalUrl, queueSignInMail } from "../portal/portal.service";
import { getCompany } from "../companies/companies.repo";
import * as repo from "./clients.repo";

const adminOnly = (actor: UserActor) => {
  if (!isAdmin(actor)) throw forbidden("Only admins manage clients");
};

function publicContact(c: repo.ContactRow) {
  return { id: c.id, clientId: c.clientId, name: c.name, email: c.email, active: c.active, invitedAt: c.invitedAt, lastSignInAt: c.lastSignInAt, createdAt: c.createdAt };
}

/** Everyone in the company reads the client list (recruiters pick clients; admins manage them). */
export function listClients(deps: Deps, actor: UserActor) {
  return repo.listClients(deps.db, actor.companyId);
}

export function ownClient(db: Executor, actor: { companyId: number }, clientId: number) {
  const c = repo.getClient(db, actor.companyId, clientId);
  if (!c) throw notFound("Client");
  return c;
}

export function getClient(deps: Deps, actor: UserActor, input: { clientId: number }) {
  const c = ownClient(deps.db, actor, input.clientId);
  return {
    id: c.id,
    name: c.name,
    notes: c.notes,
    createdAt: c.createdAt,
    contacts: repo.listContacts(deps.db, actor.companyId, c.id).map(publicContact),
    openings: repo.openingsOfClient(deps.db, actor.companyId, c.id),
  };
}

export function createClient(deps: Deps, actor: UserActor, input: { name: string; notes?: string }) {
  adminOnly(actor);
  const name = input.name.trim();
  if (!name) throw badRequest("A client needs a name");
  const id = repo.insertClient(deps.db, { companyId: actor.companyId, name, notes: input.notes ?? "", createdAt: deps.clock.now() });
  return { id };
}

export function updateClient(deps: Deps, actor: UserActor, input: { clientId: number; name?: string; notes?: string }) {
  adminOnly(actor);
  return deps.db.transaction((tx) => {
    ownClient(tx, actor, input.clientId);
    const set: { name?: string; notes?: string } = {};
    if (input.name !== undefined) {
      set.name = input.name.trim();
      if (!set.name) throw badRequest("A client needs a name");
    }
    if (input.notes !== undefined) set.notes = input.notes;
    if (Object.keys(set).length) repo.updateClient(tx, actor.companyId, input.clientId, set);
    return { id: input.clientId };
  });
}

const normEmail = (e: string) => e.trim().toLowerCase();

export function createContact(deps: Deps, actor: UserActor, input: { clientId: number; name: string; email: string }) {
  adminOnly(actor);
  return deps.db.transaction((tx) => {
    ownClient(tx, actor, input.clientId);
    const email = normEmail(input.email);
    if (repo.contactByEmail(tx, actor.companyId, email)) throw conflict("A contact with this email already exists", { field: "email" });
    const name = input.name.trim();
    if (!name) throw badRequest("A contact needs a name");
    const id = repo.insertContact(tx, { companyId: actor.companyId, clientId: input.clientId, name, email, active: true, createdAt: deps.clock.now() });
    return publicContact(repo.getContact(tx, actor.companyId, id)!);
  });
}

export function ownContact(db: Executor, actor: { companyId: number }, contactId: number) {
  const c = repo.getContact(db, actor.companyId, contactId);
  if (!c) throw notFound("Contact");
  return c;
}

/**
 * Name, email, active. Deactivating refuses the contact everywhere on the portal at once: the portal's
 * session check reads `active` on every request (there is no portal session table to clear yet; when the
 * portal's sessions land they are deleted here too).
 */
export function updateContact(deps: Deps, actor: UserActor, input: { contactId: number; name?: string; email?: string; active?: boolean }) {
  adminOnly(actor);
  return deps.db.transaction((tx) => {
    const c = ownContact(tx, actor, input.contactId);
    const set: { name?: string; email?: string; active?: boolean } = {};
    if (input.name !== undefined) {
      set.name = input.name.trim();
      if (!set.name) throw badRequest("A contact needs a name");
    }
    if (input.email !== undefined) {
      set.email = normEmail(input.email);
      const other = repo.contactByEmail(tx, actor.companyId, set.email);
      if (other && other.id !== c.id) throw conflict("A contact with this email already exists", { field: "email" });
    }
    if (input.active !== undefined) set.active = input.active;
    // A deactivated contact's portal sessions end now (the session check also reads `active`).
    if (input.active === false) endContactSessions(tx, actor.companyId, c.id);
    if (Object.keys(set).length) repo.updateContact(tx, actor.companyId, c.id, set);
    return publicContact(repo.getContact(tx, actor.companyId, c.id)!);
  });
}

/**
 * Emails an active contact an invitation with a sign-in link (through the durable mail queue). The link is a real
 * single-use sign-in link minted when the mail is sent (never kept in the stored mail when it really leaves; see
 * portal.links); it lives longer than a link the contact asks for (INVITE_LINK_TTL_MS: an invitation is often read
 * hours later); once used or expired, the branded page (its address is in the mail too) sends a fresh one.
 */
export function inviteContact(deps: Deps, actor: UserActor, input: { contactId: number }) {
  adminOnly(actor);
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const c = ownContact(tx, actor, input.contactId);
    if (!c.active) throw badRequest("This contact is deactivated; activate them before inviting");
    const company = getCompany(tx, actor.companyId)!;
    const client = ownClient(tx, actor, c.clientId);
    const portalName = company.portalName || company.name;
    const text = [
      `Hello ${c.name},`,
      "",
      `${actor.name} of ${company.name} invites you to ${portalName}, where you can review the candidates we share with ${client.name}, rate them, and ask for interviews.`,
      "",
      `Sign in with this link (it works once, within ${INVITE_LINK_TTL_MS / 3600_000} hours):`,
      SIGN_IN_LINK_FIELD,
      "",
      `Afterwards, ask for a new sign-in link by email at ${portalUrl(deps, company.slug)}?email=${encodeURIComponent(c.email)} (no password needed; you may set one once signed in).`,
    ].join("\n");
    const mailId = queueSignInMail(
      tx,
      deps,
      { contact: c, openingId: null, ttlMs: INVITE_LINK_TTL_MS, fromName: company.name, subject: `You are invited to ${portalName}`, text },
      now,
    );
    repo.updateContact(tx, actor.companyId, c.id, { invitedAt: now });
    return { mailId, invitedAt: now };
  });
}
