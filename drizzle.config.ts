import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  // The core tables in db/schema.ts; each business domain keeps its own tables in db/tables/<domain>.ts.
  schema: ["./db/schema.ts", "./db/tables/*.ts"],
  out: "./migrations",
  // Flat NNNN_name.sql files, the layout `wrangler d1 migrations apply` reads.
  migrations: { prefix: "index" },
});
