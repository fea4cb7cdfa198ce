-- candidates.valid_email: whether a person has an address that has not hard-bounced, so the re-engagement search reads
-- "valid email" from the same index entry as its other filters instead of looking each match up in
-- candidate_emails_valid_idx (0.65 µs a person; 10 ms of a 1M-people phrase search's count). Hand-written: the
-- backfill (before the indexes are rebuilt) and the triggers that keep it when an address is removed, bounces or is
-- cleared, or moves to another person (a merge). A new address sets it in candidates.repo.ts (insertCandidate,
-- addIdentities), the one place addresses are added: as a trigger it cost 10 µs an added person (32 µs instead of 20
-- for a person and an address in one transaction), where an import spends its time (see 0005 for the same choice).
DROP INDEX `candidates_company_activity_idx`;--> statement-breakpoint
DROP INDEX `candidates_search_facts_idx`;--> statement-breakpoint
ALTER TABLE `candidates` ADD `valid_email` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE candidates SET valid_email = EXISTS (
  SELECT 1 FROM candidate_emails e WHERE e.company_id = candidates.company_id AND e.candidate_id = candidates.id AND e.bounced_at IS NULL
);--> statement-breakpoint
CREATE INDEX `candidates_company_activity_idx` ON `candidates` (`company_id`,`last_activity_at`,`do_not_contact`,`merged_into_id`,`valid_email`);--> statement-breakpoint
CREATE INDEX `candidates_search_facts_idx` ON `candidates` (`id`,`company_id`,`merged_into_id`,`do_not_contact`,`last_activity_at`,`valid_email`);--> statement-breakpoint
CREATE TRIGGER candidate_emails_valid_ad AFTER DELETE ON candidate_emails WHEN old.bounced_at IS NULL BEGIN
  UPDATE candidates SET valid_email = EXISTS (
    SELECT 1 FROM candidate_emails e WHERE e.company_id = old.company_id AND e.candidate_id = old.candidate_id AND e.bounced_at IS NULL
  ) WHERE id = old.candidate_id;
END;--> statement-breakpoint
CREATE TRIGGER candidate_emails_valid_au AFTER UPDATE OF bounced_at, candidate_id, company_id ON candidate_emails BEGIN
  UPDATE candidates SET valid_email = EXISTS (
    SELECT 1 FROM candidate_emails e WHERE e.company_id = old.company_id AND e.candidate_id = old.candidate_id AND e.bounced_at IS NULL
  ) WHERE id = old.candidate_id;
  UPDATE candidates SET valid_email = EXISTS (
    SELECT 1 FROM candidate_emails e WHERE e.company_id = new.company_id AND e.candidate_id = new.candidate_id AND e.bounced_at IS NULL
  ) WHERE id = new.candidate_id;
END;
