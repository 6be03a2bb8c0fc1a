CREATE TABLE `contact_events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`kind` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL,
	`by_user_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_events_contact` ON `contact_events` (`org_id`,`contact_id`,`at`);--> statement-breakpoint
CREATE INDEX `contact_events_org_kind` ON `contact_events` (`org_id`,`kind`,`at`);--> statement-breakpoint
CREATE TABLE `contact_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`file_key` text NOT NULL,
	`file_name` text NOT NULL,
	`mapping` text NOT NULL,
	`default_country` text,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`next_row` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_imports_org` ON `contact_imports` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `contact_numbers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`wa_id` text NOT NULL,
	`source` text NOT NULL,
	`added_at` integer NOT NULL,
	`replaced_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_numbers_contact_wa` ON `contact_numbers` (`contact_id`,`wa_id`);--> statement-breakpoint
CREATE INDEX `contact_numbers_org_wa` ON `contact_numbers` (`org_id`,`wa_id`);--> statement-breakpoint
CREATE TABLE `custom_field_defs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`options` text DEFAULT '[]' NOT NULL,
	`required` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custom_field_defs_org_key` ON `custom_field_defs` (`org_id`,`key`);--> statement-breakpoint
CREATE TABLE `labels` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`color` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `labels_org_name` ON `labels` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `lifecycle_stages` (
	`org_id` text NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`color` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`org_id`, `key`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `segment_members` (
	`segment_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`segment_id`, `contact_id`),
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_members_contact` ON `segment_members` (`contact_id`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`filter` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `segments_org_name` ON `segments` (`org_id`,`name`);--> statement-breakpoint
DROP INDEX `conversations_contact`;--> statement-breakpoint
CREATE INDEX `conversations_contact` ON `conversations` (`contact_id`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `marketing_opt_out_source` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `marketing_opt_in_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `marketing_opt_in_source` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `marketing_opt_in_basis` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `marketing_opt_in_by` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `email` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `address` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `language` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `labels` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `stage` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `stage_changed_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `lead_score` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `lead_score_source` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `lead_score_by` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `lead_score_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `custom_fields` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `owner_id` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `first_inbound_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `last_inbound_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `first_outbound_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `last_outbound_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `conversation_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_org_updated` ON `contacts` (`org_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_org_created` ON `contacts` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_org_name` ON `contacts` (`org_id`, lower(coalesce(`display_name`, `profile_name`, '')), `id`);--> statement-breakpoint
CREATE INDEX `contacts_org_last_inbound` ON `contacts` (`org_id`, coalesce(`last_inbound_at`, 0), `id`);--> statement-breakpoint
CREATE INDEX `contacts_org_score` ON `contacts` (`org_id`, coalesce(`lead_score`, -1), `id`);--> statement-breakpoint
CREATE INDEX `contacts_org_stage` ON `contacts` (`org_id`,`stage`);--> statement-breakpoint
CREATE INDEX `contacts_org_email` ON `contacts` (`org_id`,`email`);;--> statement-breakpoint
-- Contact activity (first/last inbound and outbound, conversation count) is kept where the conversation
-- row is written, so every writer of that row (the webhook projection, agents' sends, merges) keeps it
-- without knowing about it. max(a, NULL) is NULL in SQLite, hence the coalesce around each max.
CREATE TRIGGER `contacts_activity_conversation_insert` AFTER INSERT ON `conversations`
BEGIN
  UPDATE `contacts` SET
    `conversation_count` = `conversation_count` + 1,
    `first_inbound_at` = coalesce(min(`first_inbound_at`, NEW.`last_inbound_at`), `first_inbound_at`, NEW.`last_inbound_at`),
    `last_inbound_at` = coalesce(max(`last_inbound_at`, NEW.`last_inbound_at`), `last_inbound_at`, NEW.`last_inbound_at`),
    `first_outbound_at` = CASE WHEN NEW.`last_message_direction` = 'outbound'
      THEN coalesce(min(`first_outbound_at`, NEW.`last_message_at`), `first_outbound_at`, NEW.`last_message_at`) ELSE `first_outbound_at` END,
    `last_outbound_at` = CASE WHEN NEW.`last_message_direction` = 'outbound'
      THEN coalesce(max(`last_outbound_at`, NEW.`last_message_at`), `last_outbound_at`, NEW.`last_message_at`) ELSE `last_outbound_at` END
  WHERE `id` = NEW.`contact_id`;
END;--> statement-breakpoint
CREATE TRIGGER `contacts_activity_conversation_update` AFTER UPDATE OF `last_inbound_at`, `last_message_at` ON `conversations`
WHEN NEW.`last_inbound_at` IS NOT OLD.`last_inbound_at` OR NEW.`last_message_at` IS NOT OLD.`last_message_at`
BEGIN
  UPDATE `contacts` SET
    `first_inbound_at` = coalesce(min(`first_inbound_at`, NEW.`last_inbound_at`), `first_inbound_at`, NEW.`last_inbound_at`),
    `last_inbound_at` = coalesce(max(`last_inbound_at`, NEW.`last_inbound_at`), `last_inbound_at`, NEW.`last_inbound_at`),
    `first_outbound_at` = CASE WHEN NEW.`last_message_direction` = 'outbound'
      THEN coalesce(min(`first_outbound_at`, NEW.`last_message_at`), `first_outbound_at`, NEW.`last_message_at`) ELSE `first_outbound_at` END,
    `last_outbound_at` = CASE WHEN NEW.`last_message_direction` = 'outbound'
      THEN coalesce(max(`last_outbound_at`, NEW.`last_message_at`), `last_outbound_at`, NEW.`last_message_at`) ELSE `last_outbound_at` END
  WHERE `id` = NEW.`contact_id`;
END;--> statement-breakpoint
-- Existing contacts: their activity from their conversation rows, and their current number as history's first entry.
UPDATE `contacts` SET
  `conversation_count` = (SELECT count(*) FROM `conversations` c WHERE c.`contact_id` = `contacts`.`id`),
  `first_inbound_at` = (SELECT min(c.`last_inbound_at`) FROM `conversations` c WHERE c.`contact_id` = `contacts`.`id`),
  `last_inbound_at` = (SELECT max(c.`last_inbound_at`) FROM `conversations` c WHERE c.`contact_id` = `contacts`.`id`),
  `last_outbound_at` = (SELECT max(c.`last_message_at`) FROM `conversations` c WHERE c.`contact_id` = `contacts`.`id` AND c.`last_message_direction` = 'outbound');--> statement-breakpoint
-- A contact's earlier numbers: whoever changes `wa_id` (a number-change webhook, a merge, an edit), the old one is kept.
CREATE TRIGGER `contacts_number_history` AFTER UPDATE OF `wa_id` ON `contacts`
WHEN OLD.`wa_id` IS NOT NULL AND OLD.`wa_id` IS NOT NEW.`wa_id`
BEGIN
  INSERT INTO `contact_numbers` (`id`, `org_id`, `contact_id`, `wa_id`, `source`, `added_at`, `replaced_at`)
    VALUES ('cn_' || lower(hex(randomblob(12))), OLD.`org_id`, OLD.`id`, OLD.`wa_id`, 'whatsapp', OLD.`created_at`, CAST(unixepoch('subsec') * 1000 AS INTEGER))
    ON CONFLICT (`contact_id`, `wa_id`) DO UPDATE SET `replaced_at` = excluded.`replaced_at`;
  DELETE FROM `contact_numbers` WHERE `contact_id` = NEW.`id` AND `wa_id` = NEW.`wa_id`;
END;
