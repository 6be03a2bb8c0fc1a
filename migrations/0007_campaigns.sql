CREATE TABLE `campaign_recipients` (
	`campaign_id` text NOT NULL,
	`idx` integer NOT NULL,
	`org_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`wa_id` text NOT NULL,
	`name` text,
	`params` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`message_id` text NOT NULL,
	`wamid` text,
	`error_code` integer,
	`error_title` text,
	`sent_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `idx`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_recipients_contact` ON `campaign_recipients` (`campaign_id`,`contact_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_recipients_message` ON `campaign_recipients` (`message_id`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_status` ON `campaign_recipients` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_org_contact` ON `campaign_recipients` (`org_id`,`contact_id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`phone_number_id` text NOT NULL,
	`template_name` text NOT NULL,
	`template_language` text NOT NULL,
	`params` text DEFAULT '[]' NOT NULL,
	`audience` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`stop_reason` text,
	`scheduled_at` integer,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`rate_per_second` integer,
	`recipient_count` integer DEFAULT 0 NOT NULL,
	`excluded` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`completed_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campaigns_org_created` ON `campaigns` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `campaigns_due` ON `campaigns` (`status`,`scheduled_at`);