/**
 * One WebSocket that stays connected: reconnects with jittered backoff, notices a dead connection by
 * its missing pong, and asks its owner for the URL each time (so a resume names the latest sequence).
 */
import { signal, type Signal } from "@preact/signals";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

export interface ReconnectingSocketOptions {
  /** Called before every (re)connect: the URL to open, e.g. with `?after=<last seq seen>`. */
  url: () => string;
  onFrame: (frame: unknown) => void;
  onOpen?: () => void;
  /** Closed by the server for good (access changed): do not reconnect. */
  onRevoked?: () => void;
  pingEveryMs?: number;
  pongTimeoutMs?: number;
}

const REVOKED = 4001;

export class ReconnectingSocket {
  readonly state: Signal<ConnectionState> = signal("connecting");
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ReconnectingSocketOptions) {
    addEventListener("online", this.reconnectNow);
    addEventListener("offline", this.markOffline);
    this.connect();
  }

  send(frame: unknown): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Drops the connection and opens a new one now (a test, a "reconnect" button, coming back online). */
  reconnectNow = (): void => {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.ws?.close(4000, "reconnect");
    this.ws = null;
    this.attempt = 0;
    this.connect();
  };

  close(): void {
    this.stopped = true;
    removeEventListener("online", this.reconnectNow);
    removeEventListener("offline", this.markOffline);
    this.clearTimers();
    this.ws?.close(1000, "closed");
  }

  private markOffline = (): void => {
    this.state.value = "offline";
  };

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(new URL(this.options.url(), location.href).href.replace(/^http/, "ws"));
    this.ws = ws;
    this.state.value =
      this.attempt === 0 && this.state.value === "connecting" ? "connecting" : navigator.onLine ? "reconnecting" : "offline";
    ws.onopen = () => {
      this.attempt = 0;
      this.state.value = "live";
      this.startPinging(ws);
      this.options.onOpen?.();
    };
    ws.onmessage = (e) => {
      let frame: { t?: string };
      try {
        frame = JSON.parse(String(e.data)) as { t?: string };
      } catch {
        return;
      }
      if (frame.t === "pong") {
        clearTimeout(this.pongTimer);
        return;
      }
      this.options.onFrame(frame);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.clearTimers();
      if (e.code === REVOKED) {
        this.stopped = true;
        this.state.value = "offline";
        this.options.onRevoked?.();
        return;
      }
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.state.value = navigator.onLine ? "reconnecting" : "offline";
    // 250 ms, 500 ms, 1 s … capped at 10 s, with jitter so a server restart is not met by a stampede.
    const delay = Math.min(10_000, 250 * 2 ** this.attempt++) * (0.5 + Math.random() / 2);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private startPinging(ws: WebSocket): void {
    this.clearTimers();
    this.pingTimer = setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send('{"t":"ping"}');
      this.pongTimer = setTimeout(() => ws.close(4002, "no pong"), this.options.pongTimeoutMs ?? 10_000);
    }, this.options.pingEveryMs ?? 20_000);
  }

  private clearTimers(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}
