/** The org's knowledge base (FAQ, policies, products): the only facts drafts and auto-replies may use. */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { aiKnowledge, type AiKnowledge } from "../../db/tables/ai";
import { AppError } from "../errors";

/** Enough for a small business's FAQ and catalogue in one prompt; beyond it the oldest entries are left out. */
export const MAX_KNOWLEDGE_CHARS = 12_000;
export const MAX_ENTRIES = 200;

export function listKnowledge(db: Db, orgId: string): Promise<AiKnowledge[]> {
  return db.select().from(aiKnowledge).where(eq(aiKnowledge.orgId, orgId)).orderBy(asc(aiKnowledge.kind), asc(aiKnowledge.createdAt)).all();
}

/** The knowledge base as prompt lines: `- <title>: <body>`, one per entry, capped. */
export function knowledgeLines(entries: AiKnowledge[]): string[] {
  const lines: string[] = [];
  let chars = 0;
  for (const e of entries) {
    const line = `- ${e.title.replace(/[:\n]/g, " ")}: ${e.body.replace(/\s+/g, " ")}`;
    if (chars + line.length > MAX_KNOWLEDGE_CHARS) break;
    lines.push(line);
    chars += line.length;
  }
  return lines;
}

export async function addKnowledge(
  db: Db,
  orgId: string,
  input: { kind: AiKnowledge["kind"]; title: string; body: string },
): Promise<AiKnowledge> {
  const existing = await db.select({ id: aiKnowledge.id }).from(aiKnowledge).where(eq(aiKnowledge.orgId, orgId)).all();
  if (existing.length >= MAX_ENTRIES)
    throw new AppError(409, "knowledge_full", `The knowledge base holds at most ${MAX_ENTRIES} entries; remove one first.`);
  const now = Date.now();
  const row: AiKnowledge = { id: crypto.randomUUID(), orgId, ...input, createdAt: now, updatedAt: now };
  await db.insert(aiKnowledge).values(row);
  return row;
}

export async function updateKnowledge(
  db: Db,
  orgId: string,
  id: string,
  input: { kind?: AiKnowledge["kind"]; title?: string; body?: string },
): Promise<AiKnowledge> {
  const row = await db
    .update(aiKnowledge)
    .set({ ...input, updatedAt: Date.now() })
    .where(and(eq(aiKnowledge.id, id), eq(aiKnowledge.orgId, orgId)))
    .returning()
    .get();
  if (!row) throw new AppError(404, "knowledge_not_found", "No such knowledge-base entry in your organization.");
  return row;
}

export async function removeKnowledge(db: Db, orgId: string, id: string): Promise<void> {
  const row = await db
    .delete(aiKnowledge)
    .where(and(eq(aiKnowledge.id, id), eq(aiKnowledge.orgId, orgId)))
    .returning({ id: aiKnowledge.id })
    .get();
  if (!row) throw new AppError(404, "knowledge_not_found", "No such knowledge-base entry in your organization.");
}
