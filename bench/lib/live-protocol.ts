/**
 * What the bench says to its live clients (live-client.ts, child processes) over IPC. A live client
 * holds agent sockets and records every frame with its arrival time, or paces HTTP requests on a
 * schedule (webhooks as Meta sends them, API sends as agents do). Times are epoch ms with sub-ms
 * precision (`performance.timeOrigin + performance.now()`), comparable across the bench's processes.
 */

export interface SocketSpec {
  key: string;
  url: string;
  /** Cookie and Origin: the Worker authenticates the upgrade before the object sees it. */
  headers: Record<string, string>;
}

export interface OpenedSocket {
  key: string;
  /** Constructor called; handshake done; `ready` received (after the room's replay). */
  startedAt: number;
  openAt: number;
  readyAt: number;
  /** The room's sequence at `ready`; null for the inbox socket, whose ready carries none. */
  lastSeq: number | null;
}

/** A received frame, reduced to what the scenarios check and time. */
export type FrameRecord =
  | { k: "message"; t: number; seq: number; id: string; wamid: string | null; text: string | null }
  | { k: "status"; t: number; seq: number; id: string; status: string }
  /** Any other room frame with a sequence (reaction, media). */
  | { k: "seq"; t: number; seq: number }
  /** An inbox list delta: the rows it carried. */
  | { k: "rows"; t: number; rows: { id: string; roomSeq: number; preview: string | null }[] };

export interface PacedRequest {
  /** The caller's id for this request (an event id, a clientId). */
  id: string;
  /** ms after the pace's start at which to send it. */
  at: number;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface PacedResult {
  id: string;
  scheduledAt: number;
  sentAt: number;
  /** 0 when no answer came. */
  ackAt: number;
  status: number;
  body: string;
}

export interface SocketStats {
  open: number;
  pingsSent: number;
  pongs: number;
  /** Sockets the server closed or that broke, by code: a live agent must never lose its socket. */
  dropped: { key: string; code: number; reason: string }[];
  rssMiB: number;
  cpuMs: number;
}

export type LiveParentMessage =
  | { type: "open"; sockets: SocketSpec[]; parallel: number }
  | { type: "collect" }
  | { type: "close"; keys: string[] | null }
  | { type: "heartbeat"; everyMs: number | null }
  | { type: "pace"; baseUrl: string; startAt: number; requests: PacedRequest[]; maxSockets: number }
  | { type: "stats" }
  | { type: "exit" };

export type LiveClientMessage =
  | { type: "ready" }
  | { type: "opened"; sockets: OpenedSocket[]; failures: string[] }
  | { type: "collected"; frames: [key: string, frames: FrameRecord[]][] }
  | { type: "closed" }
  | { type: "heartbeat-set" }
  | { type: "paced"; results: PacedResult[] }
  | { type: "stats"; stats: SocketStats }
  | { type: "failed"; error: string };
