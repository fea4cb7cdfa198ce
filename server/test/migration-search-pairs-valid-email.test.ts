import { describe, expect, it } from "vitest";
import { fromConnection } from "../src/db/client";
import { indexPendingCandidates, searchIndexCurrent } from "../src/db/search-index";
import { PAIR_JOINER } from "../src/db/word-pairs";
import { databaseBefore } from "./support/migrations";

/**
 * 0016 rebuilds the search index with a word-pair column and notes everyone for re-indexing; 0017 adds
 * candidates.valid_email, filled from the addresses and kept by triggers. Upgrading a database with people, CVs and
 * bounced addresses: the index keeps finding them meanwhile, every row gets its pairs, and the flags are right.
 */
describe("upgrading a database to word pairs (0016) and valid_email (0017)", () => {
  it("keeps the index searchable, re-indexes everyone with pairs, and fills valid_email from the addresses", () => {
    const { sqlite, run, count } = databaseBefore("0016");
    expect(count).toBe(16);
    const co = run("INSERT INTO companies (name, slug, created_at) VALUES ('Old Co', 'old-co', 1)");
    const person = (name: string, title: string) =>
      run(
        "INSERT INTO candidates (company_id, full_name, name_key, title, source, last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'manual', 1, 1, 1)",
        co,
        name,
        name.toLowerCase(),
        title,
      );
    const email = (candidateId: number, address: string, bounced: boolean) =>
      run(
        "INSERT INTO candidate_emails (company_id, candidate_id, email, email_key, bounced_at) VALUES (?, ?, ?, ?, ?)",
        co,
        candidateId,
        address,
        address,
        bounced ? 5 : null,
      );
    const good = person("Good Mail", "Senior Data Engineer");
    email(good, "bad@old.test", true);
    email(good, "good@old.test", false);
    const bounced = person("Bounced Mail", "Data analyst");
    email(bounced, "gone@old.test", true);
    const none = person("No Mail", "Engineer of data");
    const d = run(
      `INSERT INTO documents (company_id, candidate_id, kind, file_name, format, mime_type, size_bytes, sha256, source, text_status, created_at)
       VALUES (?, ?, 'resume', 'cv.pdf', 'pdf', 'application/pdf', 10, ?, 'upload', 'done', 2)`,
      co,
      none,
      "a".repeat(64),
    );
    run("INSERT INTO document_texts (document_id, company_id, text, extracted_at) VALUES (?, ?, 'Built a data engineering platform', 2)", d, co);
    // Indexed as the code of 0015 did (no pairs column yet).
    sqlite.exec(`INSERT INTO candidates_fts(rowid, full_name, headline, title, documents)
      SELECT c.id, c.full_name, c.headline, c.title, (SELECT group_concat(t.text, char(10)) FROM documents x JOIN document_texts t ON t.document_id = x.id WHERE x.candidate_id = c.id)
      FROM candidates c`);

    const db = fromConnection(sqlite);
    const raw = db.$client;
    const found = (q: string) => (raw.prepare("SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH ? ORDER BY rowid").pluck().all(q) as number[]);
    // Right after the upgrade: every field searchable (the phrase as a phrase), everyone waiting for their pairs.
    expect(found('"data engineer"')).toEqual([good]);
    expect(found('"data engineering"')).toEqual([none]);
    expect(found(`{pairs} : "data${PAIR_JOINER}engineer"`)).toEqual([]);
    expect(searchIndexCurrent(db)).toBe(false);
    while (indexPendingCandidates(db) > 0);
    expect(searchIndexCurrent(db)).toBe(true);
    expect(found(`{pairs} : "data${PAIR_JOINER}engineer"`)).toEqual([good]);
    expect(found(`{pairs} : "data${PAIR_JOINER}engineer"*`)).toEqual([good, none]);
    // valid_email from the addresses, then kept by the triggers (a bounce, its clearing, a removal; an added address
    // is set where addresses are added, tested with the services in reengage-search.test.ts).
    const flags = () => raw.prepare("SELECT id, valid_email AS v FROM candidates ORDER BY id").all();
    expect(flags()).toEqual([
      { id: good, v: 1 },
      { id: bounced, v: 0 },
      { id: none, v: 0 },
    ]);
    raw.prepare("UPDATE candidate_emails SET bounced_at = NULL WHERE email_key = 'gone@old.test'").run();
    raw.prepare("UPDATE candidate_emails SET bounced_at = 9 WHERE email_key = 'good@old.test'").run();
    expect(flags()).toEqual([
      { id: good, v: 0 },
      { id: bounced, v: 1 },
      { id: none, v: 0 },
    ]);
    raw.prepare("DELETE FROM candidate_emails WHERE email_key = 'gone@old.test'").run();
    expect(flags()[1]).toEqual({ id: bounced, v: 0 });
  });
});
