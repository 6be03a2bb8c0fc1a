/**
 * Decides what each POST carries so that every customer's messages go out strictly one after the
 * other: a customer is in at most one POST in flight, and only comes back once that POST is acked.
 * That defines a send order per customer, so the checker can demand the room's log in that order.
 */
import { newWamid } from "../../test/peers/webhook-builders";
import type { CustomerChunk } from "./webhook-batch";

export interface Customer {
  waId: string;
  /** Every message this customer will send, generated up front so sending is all that is timed. */
  wamids: string[];
  /** How many of `wamids` have been handed to a POST. */
  next: number;
}

export interface PlannedPost {
  chunks: CustomerChunk[];
  customers: Customer[];
  events: number;
}

/** In a mixed POST a customer contributes this many messages (fewer at its end): Meta groups bursts. */
const MIN_CHUNK = 2;
const MAX_CHUNK = 8;

export class CustomerScheduler {
  readonly customers: Customer[];
  private ready: Customer[];
  private busy = 0;
  private wake: (() => void)[] = [];

  constructor(
    waIds: string[],
    messagesPerCustomer: number,
    private readonly batchSize: number,
  ) {
    this.customers = waIds.map((waId) => ({ waId, wamids: Array.from({ length: messagesPerCustomer }, newWamid), next: 0 }));
    this.ready = [...this.customers];
  }

  /** The next POST's contents, or null when every idle customer has been sent in full. */
  take(): PlannedPost | null {
    const post: PlannedPost = { chunks: [], customers: [], events: 0 };
    while (post.events < this.batchSize) {
      const customer = this.ready.shift();
      if (!customer) break;
      const room = this.batchSize - post.events;
      const wanted = this.batchSize === 1 ? 1 : MIN_CHUNK + Math.floor(Math.random() * (MAX_CHUNK - MIN_CHUNK + 1));
      const count = Math.min(wanted, room, customer.wamids.length - customer.next);
      post.chunks.push({
        waId: customer.waId,
        wamids: customer.wamids.slice(customer.next, customer.next + count),
        firstIndex: customer.next,
      });
      post.customers.push(customer);
      post.events += count;
      customer.next += count;
    }
    if (!post.events) return null;
    this.busy += post.customers.length;
    return post;
  }

  /** A POST was acked (or given up on): its customers may send again. */
  release(post: PlannedPost): void {
    this.busy -= post.customers.length;
    for (const c of post.customers) if (c.next < c.wamids.length) this.ready.push(c);
    for (const wake of this.wake.splice(0)) wake();
  }

  /** Nothing left to send and nothing in flight. */
  get done(): boolean {
    return this.busy === 0 && this.ready.length === 0;
  }

  /** Resolves at the next release; JS runs one thing at a time, so no release slips in before the wait. */
  released(): Promise<void> {
    return new Promise((resolve) => this.wake.push(resolve));
  }
}
