/**
 * The conversation a route under `/:id` acts on, read beside the session check
 * (`requireSession({ beside: loadConversation })`): the route then waits for one D1 round trip before
 * it starts, not two in a row. Scoped by org like every query; a conversation of another org is a 404.
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { Conversation } from "../../db/schema";
import { findConversation } from "../inbox/conversations";

export async function loadConversation(c: Context<AppEnv>, orgId: string): Promise<void> {
  c.set("conversation", await findConversation(c.env.DB, orgId, c.req.param("id") ?? ""));
}

/** The conversation `loadConversation` read. A route mounted without it is a bug, so it fails loudly. */
export function conversationOf(c: Context<AppEnv>): Conversation {
  const conv = c.get("conversation");
  if (!conv) throw new Error(`${c.req.path}: the route's middleware did not load its conversation`);
  return conv;
}
