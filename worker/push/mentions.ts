/**
 * @mentions in private notes: `@Ana` or `@Ana Silva` (accents and case ignored) names a member. A first
 * name counts only when one member has it, so `@Ana` with two Anas on the team notifies neither (write
 * the full name); an email's local part (`@ana.silva`) always works.
 */
import { and, eq } from "drizzle-orm";
import { openDb } from "../../db/client";
import { users } from "../../db/schema";
import type { PushNotifyJob } from "./push-job";

export interface Member {
  id: string;
  name: string;
  email: string;
}

const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();

/** The text after each `@`, folded, so a name matches at the start of it and ends at a non-name character. */
function mentionTails(text: string): string[] {
  const folded = fold(text);
  const tails: string[] = [];
  for (let i = folded.indexOf("@"); i !== -1; i = folded.indexOf("@", i + 1)) {
    // An email address in the note (ana@example.com) is not a mention.
    if (i > 0 && /[\p{L}\p{N}._-]/u.test(folded[i - 1]!)) continue;
    tails.push(folded.slice(i + 1));
  }
  return tails;
}

const startsWithName = (tail: string, name: string) =>
  name.length > 0 && tail.startsWith(name) && !/^[\p{L}\p{N}]/u.test(tail.slice(name.length));

export function mentionedMembers(text: string, members: Member[]): string[] {
  const tails = mentionTails(text);
  if (!tails.length) return [];
  const firstNames = new Map<string, number>();
  for (const m of members) {
    const first = fold(m.name).split(" ")[0] ?? "";
    firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
  }
  return members
    .filter((m) => {
      const full = fold(m.name);
      const first = full.split(" ")[0] ?? "";
      const local = fold(m.email.split("@")[0] ?? "");
      return tails.some(
        (t) => startsWithName(t, full) || startsWithName(t, local) || (firstNames.get(first) === 1 && startsWithName(t, first)),
      );
    })
    .map((m) => m.id);
}

/** After a note is stored: one push event for the members it names (never its author). */
export async function notifyMentions(env: Env, orgId: string, conversationId: string, authorId: string, text: string): Promise<void> {
  if (!text.includes("@")) return;
  try {
    const members = await openDb(env.DB)
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.orgId, orgId)))
      .all();
    const userIds = mentionedMembers(text, members).filter((id) => id !== authorId);
    if (!userIds.length) return;
    await env.JOBS.send({
      kind: "push.notify",
      orgId,
      event: "mention",
      conversationId,
      actorId: authorId,
      userIds,
      text,
    } satisfies PushNotifyJob);
  } catch (err) {
    console.warn("mention notifications not queued", { orgId, reason: String(err) });
  }
}
