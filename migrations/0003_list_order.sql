-- The conversation list's exact order, so a page is an index walk instead of a sort of every row the org has.
DROP INDEX `conversations_org_last`;--> statement-breakpoint
CREATE INDEX `conversations_org_list` ON `conversations` (`org_id`, coalesce(`last_message_at`, 0), `id`);
