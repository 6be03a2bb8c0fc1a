/**
 * The search box's state: the words, the filter chips, the results and their pages. A search runs a
 * moment after typing stops; an answer that comes back after a newer search started is dropped.
 */
import { computed, signal } from "@preact/signals";
import { messageOf } from "../api/client";
import { type SearchParams, type SearchResult, searchApi } from "./search-api";

const DEBOUNCE_MS = 200;

export type Filters = Omit<SearchParams, "q" | "cursor" | "limit">;

export class SearchState {
  readonly q = signal("");
  readonly filters = signal<Filters>({});
  readonly results = signal<SearchResult[]>([]);
  readonly next = signal<string | null>(null);
  readonly status = signal<"idle" | "loading" | "ready" | "error">("idle");
  readonly error = signal<string | null>(null);
  /** Names for chips whose value is an id (a contact chosen from a result). */
  readonly contactName = signal<string | null>(null);
  readonly active = computed(() => this.q.value.trim() !== "" || Object.values(this.filters.value).some((v) => v !== undefined));
  private run = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  setQuery(q: string): void {
    this.q.value = q;
    this.schedule();
  }

  setFilter<K extends keyof Filters>(key: K, value: Filters[K] | undefined): void {
    const next = { ...this.filters.value };
    if (value === undefined || value === "") delete next[key];
    else next[key] = value;
    this.filters.value = next;
    if (key === "contactId" && value === undefined) this.contactName.value = null;
    this.schedule(0);
  }

  async more(): Promise<void> {
    const cursor = this.next.peek();
    if (!cursor || this.status.peek() === "loading") return;
    await this.fetch(cursor);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.run++;
  }

  private schedule(delay = DEBOUNCE_MS): void {
    clearTimeout(this.timer);
    if (!this.active.peek()) {
      this.run++;
      this.results.value = [];
      this.next.value = null;
      this.status.value = "idle";
      return;
    }
    this.timer = setTimeout(() => void this.fetch(null), delay);
  }

  private async fetch(cursor: string | null): Promise<void> {
    const run = ++this.run;
    this.status.value = "loading";
    try {
      const page = await searchApi.messages({ q: this.q.peek().trim(), ...this.filters.peek(), ...(cursor && { cursor }) });
      if (run !== this.run) return;
      this.results.value = cursor ? [...this.results.peek(), ...page.results] : page.results;
      this.next.value = page.next;
      this.status.value = "ready";
      this.error.value = null;
    } catch (err) {
      if (run !== this.run) return;
      this.status.value = "error";
      this.error.value = messageOf(err);
    }
  }
}
