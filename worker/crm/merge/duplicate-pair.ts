/** A suggested duplicate pair as the API returns it (plain types: web/ reads them too). */
export type DuplicateReason = "phone" | "email" | "name";

export interface DuplicateContact {
  id: string;
  name: string | null;
  waId: string | null;
  email: string | null;
  conversationCount: number;
  lastInboundAt: number | null;
  createdAt: number;
}

export interface DuplicatePair {
  reason: DuplicateReason;
  /** What they share, as shown: the number, the email or the name. */
  shared: string;
  a: DuplicateContact;
  b: DuplicateContact;
}
