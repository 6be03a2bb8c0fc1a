CREATE TABLE `order_events` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`org_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` text,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_events_order` ON `order_events` (`order_id`,`at`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`org_id` text NOT NULL,
	`position` integer NOT NULL,
	`product_id` text,
	`sku` text,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_minor` integer NOT NULL,
	`line_total_minor` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_lines_order` ON `order_lines` (`order_id`,`position`);--> statement-breakpoint
CREATE INDEX `order_lines_org_product` ON `order_lines` (`org_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`number` integer NOT NULL,
	`contact_id` text NOT NULL,
	`conversation_id` text,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`currency` text NOT NULL,
	`subtotal_minor` integer NOT NULL,
	`discount_minor` integer DEFAULT 0 NOT NULL,
	`tax_rate_bps` integer DEFAULT 0 NOT NULL,
	`tax_minor` integer DEFAULT 0 NOT NULL,
	`shipping_minor` integer DEFAULT 0 NOT NULL,
	`total_minor` integer NOT NULL,
	`delivery_address` text,
	`notes` text,
	`created_by` text,
	`source_wamid` text,
	`placed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_org_number` ON `orders` (`org_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_org_wamid` ON `orders` (`org_id`,`source_wamid`);--> statement-breakpoint
CREATE INDEX `orders_org_created` ON `orders` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_org_status_created` ON `orders` (`org_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_org_contact` ON `orders` (`org_id`,`contact_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`unit` text DEFAULT 'unit' NOT NULL,
	`image_key` text,
	`active` integer DEFAULT true NOT NULL,
	`retailer_id` text,
	`reorder_interval_days` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_org_sku` ON `products` (`org_id`,`sku`);--> statement-breakpoint
CREATE UNIQUE INDEX `products_org_retailer` ON `products` (`org_id`,`retailer_id`);--> statement-breakpoint
CREATE INDEX `products_org_name` ON `products` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `contact_commerce_stats` (
	`org_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`currency` text NOT NULL,
	`order_count` integer NOT NULL,
	`lifetime_minor` integer NOT NULL,
	`first_order_at` integer NOT NULL,
	`last_order_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `contact_id`, `currency`)
);
--> statement-breakpoint
CREATE INDEX `contact_stats_org_ltv` ON `contact_commerce_stats` (`org_id`,`currency`,`lifetime_minor`);--> statement-breakpoint
CREATE TABLE `contact_product_history` (
	`org_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`product_id` text NOT NULL,
	`order_count` integer NOT NULL,
	`quantity` integer NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`purchases` text NOT NULL,
	PRIMARY KEY(`org_id`, `contact_id`, `product_id`)
);
--> statement-breakpoint
CREATE INDEX `contact_product_org_product` ON `contact_product_history` (`org_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `reorder_predictions` (
	`org_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`product_id` text NOT NULL,
	`interval_days` integer NOT NULL,
	`next_at` integer NOT NULL,
	`basis` text NOT NULL,
	`basis_orders` integer NOT NULL,
	`confidence` integer NOT NULL,
	`last_at` integer NOT NULL,
	`own_interval_days` integer,
	PRIMARY KEY(`org_id`, `contact_id`, `product_id`)
);
--> statement-breakpoint
CREATE INDEX `reorder_org_next` ON `reorder_predictions` (`org_id`,`next_at`);--> statement-breakpoint
CREATE INDEX `reorder_org_product` ON `reorder_predictions` (`org_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `message_hourly_rollups` (
	`org_id` text NOT NULL,
	`hour` integer NOT NULL,
	`phone_number_id` text NOT NULL,
	`inbound` integer DEFAULT 0 NOT NULL,
	`outbound` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `hour`, `phone_number_id`)
);
--> statement-breakpoint
CREATE TABLE `order_daily_rollups` (
	`org_id` text NOT NULL,
	`day` integer NOT NULL,
	`currency` text NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	`revenue_minor` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `day`, `currency`)
);
--> statement-breakpoint
CREATE TABLE `product_daily_rollups` (
	`org_id` text NOT NULL,
	`day` integer NOT NULL,
	`product_id` text NOT NULL,
	`currency` text NOT NULL,
	`quantity` integer DEFAULT 0 NOT NULL,
	`revenue_minor` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `day`, `product_id`, `currency`)
);
