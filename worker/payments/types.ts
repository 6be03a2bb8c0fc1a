/** The payments domain's answers, apart from its code (the API docs and web/ read them without Workers types). */
export interface ConnectionView {
  connected: boolean;
  accountId: string | null;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  requirements: string[];
  displayName: string | null;
  updatedAt: number | null;
}

export type ConnectOutcome = "account_updated" | "paid" | "expired" | "refunded" | "partially_refunded" | "duplicate" | "ignored";
