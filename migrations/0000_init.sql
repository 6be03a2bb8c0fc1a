CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`wa_id` text,
	`user_id` text,
	`profile_name` text,
	`marketing_opt_out_at` integer,
	`marketing_opt_changed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contacts_org_wa` ON `contacts` (`org_id`,`wa_id`);--> statement-breakpoint
CREATE INDEX `contacts_org_user` ON `contacts` (`org_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`phone_number_id` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`assignee_id` text,
	`room_seq` integer DEFAULT 0 NOT NULL,
	`message_count` integer DEFAULT 0 NOT NULL,
	`unread_count` integer DEFAULT 0 NOT NULL,
	`last_message_seq` integer,
	`last_message_preview` text,
	`last_message_direction` text,
	`last_message_at` integer,
	`last_inbound_at` integer,
	`window_closed_at` integer,
	`referral` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversations_org_last` ON `conversations` (`org_id`,`last_message_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_contact` ON `conversations` (`contact_id`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `whatsapp_numbers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`phone_number_id` text NOT NULL,
	`waba_id` text NOT NULL,
	`display_phone_number` text NOT NULL,
	`verified_name` text,
	`access_token_sealed` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `whatsapp_numbers_phone_number_id` ON `whatsapp_numbers` (`phone_number_id`);--> statement-breakpoint
CREATE INDEX `whatsapp_numbers_org` ON `whatsapp_numbers` (`org_id`);