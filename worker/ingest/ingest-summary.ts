/** What one webhook POST did, as its 200 answer tells Meta's logs and our tests (no runtime imports: docs read it). */
export interface IngestSummary {
  stored: number;
  duplicates: number;
  statusesApplied: number;
  statusesHeld: number;
  unknownNumbers: string[];
  conversations: number;
}
