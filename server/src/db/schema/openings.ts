import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampMs } from "./_common";
import { clients, companies, users } from "./companies";

export const OPENING_STATUSES = ["draft", "open", "on_hold", "closed", "archived"] as const;
export const WORKFLOWS = ["prospecting", "hiring"] as const;

export const openings = sqliteTable("openings", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  title: text("title").notNull(),
  department: text("department").notNull().default(""),
  location: text("location").notNull().default(""),
  description: text("description").notNull().default(""),
  clientId: integer("client_id").references(() => clients.id),
  ownerId: integer("owner_id").notNull().references(() => users.id),
  status: text("status", { enum: OPENING_STATUSES }).notNull(),
  prospectingEnabled: integer("prospecting_enabled", { mode: "boolean" }).notNull().default(false),
  /** Listed on the public careers page (when open). */
  published: integer("published", { mode: "boolean" }).notNull().default(false),
  createdAt: timestampMs("created_at").notNull(),
  updatedAt: timestampMs("updated_at").notNull(),
}, (t) => [
  index("openings_company_status_idx").on(t.companyId, t.status, t.id),
  index("openings_company_owner_idx").on(t.companyId, t.ownerId),
  index("openings_company_client_idx").on(t.companyId, t.clientId),
]);

export const openingMembers = sqliteTable("opening_members", {
  companyId: integer("company_id").notNull().references(() => companies.id),
  openingId: integer("opening_id").notNull().references(() => openings.id, { onDelete: "cascade" }),
  userId: integer("user_id").notNull().references(() => users.id),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  primaryKey({ columns: [t.openingId, t.userId] }),
  index("opening_members_company_user_idx").on(t.companyId, t.userId, t.openingId),
]);

export const stages = sqliteTable("stages", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  openingId: integer("opening_id").notNull().references(() => openings.id, { onDelete: "cascade" }),
  workflow: text("workflow", { enum: WORKFLOWS }).notNull(),
  name: text("name").notNull(),
  position: integer("position").notNull(),
}, (t) => [index("stages_company_opening_idx").on(t.companyId, t.openingId, t.workflow, t.position)]);

export const DECISION_KINDS = ["rejected", "withdrawn", "hired", "rejected_by_client"] as const;

export const decisionedStates = sqliteTable("decisioned_states", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  name: text("name").notNull(),
  kind: text("kind", { enum: DECISION_KINDS }).notNull(),
  /** System states (e.g. "Rejected by client") are used by the product itself and cannot be retired. */
  isSystem: integer("is_system", { mode: "boolean" }).notNull().default(false),
  position: integer("position").notNull(),
  retiredAt: timestampMs("retired_at"),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  index("decisioned_states_company_idx").on(t.companyId, t.position),
  // One system state per kind; ordinary states may share a kind.
  uniqueIndex("decisioned_states_system_uq").on(t.companyId, t.kind).where(sql`is_system = 1`),
]);
