
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampMs } from "./_common";

export const companies = sqliteTable("companies", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  slug: text("slug").notNull(),
  publicContactEmail: text("public_contact_email"),
  logoUrl: text("logo_url"),
  /** Portal and careers page branding: a #rrggbb colour and the name shown to clients and candidates. */
  brandColor: text("brand_color"),
  portalName: text("portal_name"),
  /** An uploaded logo: the SHA-256 of its bytes (its file name under DATA_DIR/branding) and its sniffed type. */
  logoSha256: text("logo_sha256"),
  logoType: text("logo_type", { enum: ["image/png", "image/jpeg", "image/webp"] }),
  /** Throttle of bulk sends (re-engagement invitations): at most this many of them leave per minute. */
  mailsPerMinute: integer("mails_per_minute").notNull().default(60),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [uniqueIndex("companies_slug_uq").on(t.slug)]);

export const USER_ROLES = ["super_admin", "admin", "recruiter"] as const;

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  email: text("email").notNull(),
  name: text("name").notNull(),
  role: text("role", { enum: USER_ROLES }).notNull(),
  passwordHash: text("password_hash").notNull(),
  mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  failedSignIns: integer("failed_sign_ins").notNull().default(0),
  lockedUntil: timestampMs("locked_until"),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  // Sign-in is by email alone, so an address names one user across all companies.
  uniqueIndex("users_email_uq").on(t.email),
  index("users_company_idx").on(t.companyId, t.name),
]);

export const sessions = sqliteTable("sessions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  userId: integer("user_id").notNull().references(() => users.id),
  tokenHash: text("token_hash").notNull(),
  createdAt: timestampMs("created_at").notNull(),
  expiresAt: timestampMs("expires_at").notNull(),
}, (t) => [
  uniqueIndex("sessions_token_uq").on(t.tokenHash),
  index("sessions_company_user_idx").on(t.companyId, t.userId),
]);

export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  userId: integer("user_id").notNull().references(() => users.id),
  name: text("name").notNull(),
  /** First characters of the token, shown in lists so a user can tell tokens apart. */
  prefix: text("prefix").notNull(),
  tokenHash: text("token_hash").notNull(),
  createdAt: timestampMs("created_at").notNull(),
  lastUsedAt: timestampMs("last_used_at"),
  revokedAt: timestampMs("revoked_at"),
}, (t) => [
  uniqueIndex("api_tokens_token_uq").on(t.tokenHash),
  index("api_tokens_company_user_idx").on(t.companyId, t.userId),
]);

export const clients = sqliteTable("clients", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  name: text("name").notNull(),
  notes: text("notes").notNull().default(""),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [index("clients_company_idx").on(t.companyId, t.name)]);

