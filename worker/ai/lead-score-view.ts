/** A contact's lead score as the API shows it (no runtime imports: the API docs read it). */
export interface LeadScoreView {
  score: number;
  source: string;
  reason: string | null;
  updatedAt: number | null;
}
