import { describe, expect, it } from "vitest";
import { fromConnection } from "../src/db/client";
import { indexPendingCandidates } from "../src/db/search-index";
import { databaseBefore } from "./support/migrations";

/**
 * Migration 0015 rebuilds `conversations` (application_id and opening_id become nullable) and adds past titles to
 * what the search index reads. Upgrading a database that has conversations, with messages, mails, tokens, reads,
 * notifications and an emailed reply's attachment pointing at them, keeps every row and every reference: the rebuild
 * runs with foreign keys off (db/client.ts) and is checked afterwards. The CV text that 0010 put in the index stays
 * searchable, and a past title reaches the index through the trigger 0015 re-creates.
 */
describe("upgrading a database with conversations to general conversations", () => {
  it("keeps every conversation and every reference to it", () => {
    const { sqlite, run, count } = databaseBefore("0015");
    expect(count).toBe(15);
    const co = run("INSERT INTO companies (name, slug, created_at) VALUES ('Old Co', 'old-co', 1)");
    const u = run("INSERT INTO users (company_id, email, name, role, password_hash, created_at) VALUES (?, 'u@old.test', 'U', 'super_admin', 'x', 1)", co);
    const o = run("INSERT INTO openings (company_id, title, owner_id, status, created_at, updated_at) VALUES (?, 'Old opening', ?, 'open', 1, 1)", co, u);
    const st = run("INSERT INTO stages (company_id, opening_id, workflow, name, position) VALUES (?, ?, 'hiring', 'New', 0)", co, o);
    const c = run("INSERT INTO candidates (company_id, full_name, name_key, source, last_activity_at, created_at, updated_at) VALUES (?, 'Old Person', 'old person', 'manual', 1, 1, 1)", co);
    const a = run(
      "INSERT INTO applications (company_id, candidate_id, opening_id, workflow, stage_id, origin, status, created_at, updated_at) VALUES (?, ?, ?, 'hiring', ?, 'hiring', 'active', 1, 1)",
      co,
      c,
      o,
      st,
    );
    const cv = run("INSERT INTO conversations (company_id, application_id, candidate_id, opening_id, created_at) VALUES (?, ?, ?, ?, 1)", co, a, c, o);
    const m = run("INSERT INTO messages (company_id, conversation_id, author_type, author_user_id, channel, body, created_at) VALUES (?, ?, 'user', ?, 'web', 'Hello', 2)", co, cv, u);
    sqlite.prepare("UPDATE conversations SET last_message_id = ?, last_message_at = 2 WHERE id = ?").run(m, cv);
    run("INSERT INTO mails (company_id, direction, kind, status, conversation_id, message_id, candidate_id, message_id_header, created_at) VALUES (?, 'out', 'candidate', 'sent', ?, ?, ?, 'mid@old', 2)", co, cv, m, c);
    run("INSERT INTO conversation_tokens (company_id, conversation_id, kind, token_hash, created_at) VALUES (?, ?, 'reply', 'hash', 2)", co, cv);
    run("INSERT INTO conversation_reads (company_id, conversation_id, user_id, last_read_message_id) VALUES (?, ?, ?, ?)", co, cv, u, m);
    run("INSERT INTO notifications (company_id, user_id, kind, conversation_id, title, created_at) VALUES (?, ?, 'candidate_message', ?, 'x', 3)", co, u, cv);
    // A CV attached to a reply (0007/0010): its text is in the index's documents column.
    const d = run(
      `INSERT INTO documents (company_id, candidate_id, kind, file_name, format, mime_type, size_bytes, sha256, source, message_id, text_status, created_at)
       VALUES (?, ?, 'resume', 'cv.pdf', 'pdf', 'application/pdf', 10, ?, 'email', ?, 'done', 2)`,
      co,
      c,
      "a".repeat(64),
      m,
    );
    run("INSERT INTO document_texts (document_id, company_id, text, extracted_at) VALUES (?, ?, 'Fortran numerical modelling', 2)", d, co);
    sqlite.prepare("INSERT OR IGNORE INTO candidates_fts_pending (candidate_id) VALUES (?)").run(c);

    // The real start-up path: pending migrations with foreign keys off, then every reference checked.
    const db = fromConnection(sqlite);
    const raw = db.$client;
    expect(raw.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(raw.pragma("foreign_key_check")).toEqual([]);
    expect(raw.prepare("SELECT id, application_id AS a, opening_id AS o, last_message_id AS l FROM conversations").all()).toEqual([{ id: cv, a, o, l: m }]);
    for (const t of ["messages", "mails", "conversation_tokens", "conversation_reads", "notifications"]) {
      expect(raw.prepare(`SELECT count(*) AS n FROM ${t} WHERE conversation_id = ?`).get(cv), t).toEqual({ n: 1 });
    }
    expect(raw.prepare("SELECT message_id AS m FROM documents WHERE id = ?").get(d)).toEqual({ m });
    // The search index after the upgrade: the CV's text, and a past title once set (the trigger of 0015).
    const found = (q: string) => {
      indexPendingCandidates(db);
      return raw.prepare("SELECT rowid AS id FROM candidates_fts WHERE candidates_fts MATCH ?").all(q);
    };
    expect(found("fortran")).toEqual([{ id: c }]);
    expect(found("{title headline}: cartographer")).toEqual([]);
    raw.prepare(`UPDATE candidates SET past_titles = '["Cartographer"]' WHERE id = ?`).run(c);
    expect(found("{title headline}: cartographer")).toEqual([{ id: c }]);
    expect(found("fortran")).toEqual([{ id: c }]);
    // Now a candidate can have a general conversation, one only.
    run("INSERT INTO conversations (company_id, application_id, candidate_id, opening_id, created_at) VALUES (?, NULL, ?, NULL, 4)", co, c);
    expect(() => run("INSERT INTO conversations (company_id, application_id, candidate_id, opening_id, created_at) VALUES (?, NULL, ?, NULL, 5)", co, c)).toThrow(/UNIQUE/);
    // References are still enforced after the migration.
    expect(() => run("INSERT INTO messages (company_id, conversation_id, author_type, channel, body, created_at) VALUES (?, 9999, 'user', 'web', 'x', 1)", co)).toThrow(/FOREIGN KEY/);
  });
});
