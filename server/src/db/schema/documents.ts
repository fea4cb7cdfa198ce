import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestampMs } from "./_common";
import { candidates } from "./candidates";
import { companies, users } from "./companies";
import { mails, messages } from "./mail";
import { openings } from "./openings";

export const DOCUMENT_KINDS = ["resume", "cover_letter", "other"] as const;
/**
 * Formats, as sniffed from the bytes (never trusted from the name). Uploads and applications accept the first six;
 * "other" is an attachment of an inbound reply of another type (an image, an archive): kept, only ever downloaded.
 */
export const DOCUMENT_FORMATS = ["pdf", "docx", "doc", "odt", "rtf", "txt", "other"] as const;
export const DOCUMENT_SOURCES = ["upload", "email", "application"] as const;
export const DOCUMENT_TEXT_STATUSES = ["pending", "done", "failed", "none"] as const;

/** A candidate's file (a resume, a cover letter): metadata here, bytes content-addressed under the data directory. */
export const documents = sqliteTable("documents", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  kind: text("kind", { enum: DOCUMENT_KINDS }).notNull(),
  /** The name it was uploaded or mailed with: shown and offered on download, never used on disk. */
  fileName: text("file_name").notNull(),
  format: text("format", { enum: DOCUMENT_FORMATS }).notNull(),
  mimeType: text("mime_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  /** Hex SHA-256 of the bytes: the file's name in the store. */
  sha256: text("sha256").notNull(),
  source: text("source", { enum: DOCUMENT_SOURCES }).notNull(),
  /** For attachments of inbound replies: the message and the raw mail they came with. */
  messageId: integer("message_id").references(() => messages.id),
  mailId: integer("mail_id").references(() => mails.id),
  /**
   * The opening it came with (an application's resume, a reply in that opening's conversation); null for uploads.
   * A recruiter who is not on that opening's team does not see it, as with the rest of that opening's history.
   */
  openingId: integer("opening_id").references(() => openings.id),
  uploadedById: integer("uploaded_by_id").references(() => users.id),
  textStatus: text("text_status", { enum: DOCUMENT_TEXT_STATUSES }).notNull().default("pending"),
  createdAt: timestampMs("created_at").notNull(),
  removedAt: timestampMs("removed_at"),
}, (t) => [
  index("documents_company_candidate_idx").on(t.companyId, t.candidateId, t.id),
  index("documents_company_sha_idx").on(t.companyId, t.sha256),
  index("documents_message_idx").on(t.messageId).where(sql`${t.messageId} IS NOT NULL`),
  index("documents_opening_idx").on(t.openingId).where(sql`${t.openingId} IS NOT NULL`),
]);

/** Text extracted from a document (kept apart so document lists stay light); fed to the search index. */
export const documentTexts = sqliteTable("document_texts", {
  documentId: integer("document_id").primaryKey().references(() => documents.id),
  companyId: integer("company_id").notNull().references(() => companies.id),
  text: text("text").notNull(),
  extractedAt: timestampMs("extracted_at").notNull(),
});
