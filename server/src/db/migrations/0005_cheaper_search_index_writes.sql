-- Two costs of keeping the full-text index, measured at 1M candidates (server/bench, --cpu-prof):
--
-- 1. The AFTER INSERT trigger that noted new candidates for the search index cost 50-80 µs per insert
--    (13 µs without it, 16 µs with an explicit insert instead), most of an add's write time, and capped CSV
--    imports at ~4,000 rows/s. candidates.repo.ts insertCandidate now notes the new row itself, in the same
--    transaction. Updates and deletes keep their triggers (rare, and they touch rows the application does not
--    otherwise track).
DROP TRIGGER IF EXISTS candidates_fts_ai;
--> statement-breakpoint
-- 2. FTS5's automatic merging rewrote the big segments of common terms ("engineer", a city) inside whichever
--    small indexing batch tipped a level over: 150 µs per row on average and stalls of 0.5 s. Without it, new
--    rows cost ~14 µs and segments are still merged when a level holds 16 (crisismerge), which keeps queries
--    fast (1 ms on 1M rows). The setting is stored in the index itself.
INSERT INTO candidates_fts(candidates_fts, rank) VALUES ('automerge', 0);
--> statement-breakpoint
-- 3. An opening's board lists one workflow's active (or decisioned) applications newest first; with only the
--    company-wide (company, workflow, status, id) index a small opening in a company of hundreds walked the
--    other openings' rows.
CREATE INDEX IF NOT EXISTS applications_company_opening_board_idx ON applications (company_id, opening_id, workflow, status, id);
--> statement-breakpoint
-- 4. Index upkeep on every add and every imported row: candidates_company_sourced_by_idx served no query (and a
--    foreign-key check needs sourced_by_id first, not company_id); the do-not-contact and decisioned-state indexes
--    only ever look for the few rows that have a value, so they become partial and new rows skip them.
DROP INDEX candidates_company_sourced_by_idx;--> statement-breakpoint
DROP INDEX candidates_company_dnc_idx;--> statement-breakpoint
CREATE INDEX candidates_company_dnc_idx ON candidates (company_id,do_not_contact,id) WHERE do_not_contact = 1;--> statement-breakpoint
DROP INDEX applications_company_state_idx;--> statement-breakpoint
CREATE INDEX applications_company_state_idx ON applications (company_id,decisioned_state_id) WHERE decisioned_state_id IS NOT NULL;
