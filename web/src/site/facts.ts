/** What the legal pages state, handed in by the Worker from the constants the code enforces. */
export interface SubProcessor {
  name: string;
  purpose: string;
}

export interface SiteFacts {
  origin: string;
  auditLogMonths: number;
  exportDays: number;
  backupDays: number;
  terminationGraceDays: number;
  downloadLinkMinutes: number;
  sessionMaxDays: number;
  heartbeatGraceSeconds: number;
  heldStatusHours: number;
  subProcessors: SubProcessor[];
}
