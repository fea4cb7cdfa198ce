import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampMs } from "./_common";
import { companies } from "./companies";
import { mails } from "./mail";
import { clientContacts } from "./portal";

/**
 * Emailed portal sign-in links: a 256-bit token stored only as its SHA-256, usable once (used_at), for
 * 15 minutes. `next_path` is where the contact lands after signing in (a direct job link).
 */
export const portalSignInTokens = sqliteTable("portal_sign_in_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  contactId: integer("contact_id").notNull().references(() => clientContacts.id),
  tokenHash: text("token_hash").notNull(),
  nextPath: text("next_path"),
  createdAt: timestampMs("created_at").notNull(),
  expiresAt: timestampMs("expires_at").notNull(),
  usedAt: timestampMs("used_at"),
  /** The mail that carried it (minted when that mail was sent); null for a link minted otherwise. */
  mailId: integer("mail_id").references(() => mails.id),
}, (t) => [
  uniqueIndex("portal_sign_in_tokens_hash_uq").on(t.tokenHash),
  index("portal_sign_in_tokens_company_contact_idx").on(t.companyId, t.contactId),
  index("portal_sign_in_tokens_mail_idx").on(t.mailId),
]);

/**
 * A queued mail that carries a sign-in link: its stored text has only a placeholder, and this row says what
 * the link is for (the contact, the job to land on, how long it works). The link itself is minted when the
 * mail is sent, so a live link is never in the stored text of a sent mail. `opening_id` is where the contact
 * asked to land, as given (the portal checks access when they get there), so it is not a foreign key.
 */
export const portalSignInMails = sqliteTable("portal_sign_in_mails", {
  mailId: integer("mail_id").primaryKey().references(() => mails.id),
  companyId: integer("company_id").notNull().references(() => companies.id),
  contactId: integer("contact_id").notNull().references(() => clientContacts.id),
  openingId: integer("opening_id"),
  ttlMs: integer("ttl_ms").notNull(),
}, (t) => [index("portal_sign_in_mails_company_contact_idx").on(t.companyId, t.contactId)]);

/** A client contact's portal session (its own cookie, path /portal); the token is stored hashed. */
export const portalSessions = sqliteTable("portal_sessions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  contactId: integer("contact_id").notNull().references(() => clientContacts.id),
  tokenHash: text("token_hash").notNull(),
  createdAt: timestampMs("created_at").notNull(),
  expiresAt: timestampMs("expires_at").notNull(),
}, (t) => [
  uniqueIndex("portal_sessions_token_uq").on(t.tokenHash),
  index("portal_sessions_company_contact_idx").on(t.companyId, t.contactId),
]);
