/** What a search answers, shared by the index, the Worker and web/ (plain types, no runtime). */
import type { ConversationSummary, Direction, MessageContent, MessageStatus } from "../protocol";
import type { SnippetPart } from "./fts-query";

/** One message the index matched. */
export interface IndexHit {
  messageId: string;
  conversationId: string;
  seq: number;
  direction: Direction;
  phoneNumberId: string | null;
  at: number;
  hasMedia: boolean;
  type: MessageContent["type"];
  /** `failed` once it failed; delivery progress is not indexed. */
  status: MessageStatus | null;
  /** The text around the hit, matched words between HIT_OPEN and HIT_CLOSE. */
  snippet: string;
}

/** A hit as the API returns it: the snippet as parts, with its conversation's list row. */
export interface SearchResult extends Omit<IndexHit, "snippet"> {
  snippet: SnippetPart[];
  conversation: ConversationSummary;
}

export interface RebuildProgress {
  state: "idle" | "running" | "done";
  /** Every doc the live feed or this rebuild writes carries it; what is older is dropped at the end. */
  gen: number;
  conversationsTotal: number;
  conversationsDone: number;
  messagesIndexed: number;
  /** The last conversation id read from D1 (they are read in id order). */
  cursor: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  error?: string;
}

export interface IndexStats {
  messages: number;
  bytes: number;
  rebuild: RebuildProgress;
}
