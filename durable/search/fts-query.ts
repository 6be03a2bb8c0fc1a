/**
 * Turns what an agent typed into an FTS5 query. Every word becomes a quoted prefix term (`"encom"*`),
 * all of them required, so "encom ana" finds "Encomenda da Ana". Quoting makes the user's text data,
 * never FTS5 syntax: no operator, column filter or stray quote of theirs reaches the parser.
 */

/** Letters, digits and combining marks: the characters FTS5's unicode61 tokenizer keeps in a token. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
export const MAX_QUERY_TERMS = 8;

export function queryTerms(text: string): string[] {
  return (text.normalize("NFC").match(WORD) ?? []).slice(0, MAX_QUERY_TERMS);
}

export function ftsQuery(terms: string[]): string {
  return terms.map((t) => `"${t}"*`).join(" ");
}

/** Marks the index puts around each matched word in a snippet: private-use characters no message contains. */
export const HIT_OPEN = "\uE000";
export const HIT_CLOSE = "\uE001";

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** A snippet as plain parts, so clients render the highlight as elements and never parse markup. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of marked.split(HIT_OPEN)) {
    const close = piece.indexOf(HIT_CLOSE);
    if (close === -1) {
      if (piece) parts.push({ text: piece, hit: false });
      continue;
    }
    const hit = piece.slice(0, close);
    const rest = piece.slice(close + 1).replaceAll(HIT_CLOSE, "");
    if (hit) parts.push({ text: hit, hit: true });
    if (rest) parts.push({ text: rest, hit: false });
  }
  return parts;
}
