CREATE TABLE `payment_links` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`order_id` text NOT NULL,
	`account_id` text NOT NULL,
	`session_id` text NOT NULL,
	`url` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`refunded_minor` integer DEFAULT 0 NOT NULL,
	`payment_intent_id` text,
	`conversation_id` text,
	`client_id` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`paid_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_links_session` ON `payment_links` (`session_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payment_links_org_client` ON `payment_links` (`org_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `payment_links_order` ON `payment_links` (`org_id`,`order_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payment_links_intent` ON `payment_links` (`payment_intent_id`);--> statement-breakpoint
CREATE TABLE `stripe_connections` (
	`org_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`charges_enabled` integer DEFAULT false NOT NULL,
	`details_submitted` integer DEFAULT false NOT NULL,
	`requirements` text,
	`display_name` text,
	`connected_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_connections_account` ON `stripe_connections` (`account_id`);