-- The AFTER INSERT trigger that noted new candidates for the search index cost 50-80 µs per insert
-- (measured at 1M candidates: 13 µs without it, 16 µs with an explicit insert instead), which was most of
-- an add's write time and capped CSV imports at ~4,000 rows/s. candidates.repo.ts insertCandidate now
-- notes the new row in candidates_fts_pending itself, in the same transaction. Updates and deletes keep
-- their triggers (rare, and they touch rows the application does not otherwise track).
DROP TRIGGER IF EXISTS candidates_fts_ai;
