import { setTimeout as sleep } from "node:timers/promises";
import {
  signedWebhook,
  statusBody,
  statusUpdate,
  type DeliveryStatus,
  type PricingCategory,
  type StatusUpdateInput,
} from "./webhook-builders.js";

/** Offsets from the send, in ms; `null` skips the status (e.g. a recipient with read receipts off). */
export interface StatusDelaysMs {
  sent: number;
  delivered: number | null;
  read: number | null;
}

export const DEFAULT_STATUS_DELAYS_MS: StatusDelaysMs = { sent: 5, delivered: 15, read: 30 };

/** A send the peer accepted, with what its status webhooks must echo. */
export interface AcceptedSend {
  wamid: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  recipientId?: string;
  recipientUserId?: string;
  category: PricingCategory;
  conversationId: string;
  bizOpaqueCallbackData?: string;
}

/** One POST attempt of a status webhook; `httpStatus` is null when the receiver could not be reached. */
export interface CallbackRecord {
  wamid: string;
  status: DeliveryStatus;
  url: string;
  attempt: number;
  httpStatus: number | null;
  error?: string;
  payload: string;
  at: number;
}

export interface StatusCallbackOptions {
  appSecret: string;
  webhookUrl?: string | undefined;
  delaysMs: StatusDelaysMs;
  /**
   * true: each status waits until the previous one was answered, so receivers see sent → delivered → read.
   * false: each fires on its own timer, which lets tests reproduce Meta's real out-of-order delivery.
   */
  ordered: boolean;
  /** Further attempts after a non-2xx answer or network error; Meta itself keeps retrying for days. */
  retries: number;
  log: (line: string) => void;
}

type Stage = { status: DeliveryStatus; offsetMs: number; error?: StatusUpdateInput["error"] };

export class StatusCallbacks {
  readonly deliveries: CallbackRecord[] = [];
  #options: StatusCallbackOptions;
  #pending = new Set<Promise<void>>();
  #abort = new AbortController();

  constructor(options: StatusCallbackOptions) {
    this.#options = options;
  }

  set webhookUrl(url: string | undefined) {
    this.#options = { ...this.#options, webhookUrl: url };
  }

  get webhookUrl(): string | undefined {
    return this.#options.webhookUrl;
  }

  afterSend(send: AcceptedSend): void {
    const { sent, delivered, read } = this.#options.delaysMs;
    const stages: Stage[] = [{ status: "sent", offsetMs: sent }];
    if (delivered !== null) stages.push({ status: "delivered", offsetMs: delivered });
    if (read !== null) stages.push({ status: "read", offsetMs: read });
    this.#track(this.#run(send, stages));
  }

  /** Meta reports most delivery failures this way: 200 on the send, then one `failed` status. */
  afterFailedSend(send: AcceptedSend, error: NonNullable<StatusUpdateInput["error"]>): void {
    this.#track(this.#run(send, [{ status: "failed", offsetMs: this.#options.delaysMs.sent, error }]));
  }

  /** Resolves once every scheduled status has been posted (or given up on). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** Drops every status not yet posted; later sends schedule normally. */
  cancel(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
  }

  #track(work: Promise<void>): void {
    const settled = work.catch(() => undefined).finally(() => this.#pending.delete(settled));
    this.#pending.add(settled);
  }

  async #run(send: AcceptedSend, stages: Stage[]): Promise<void> {
    const url = this.#options.webhookUrl;
    if (url === undefined) return;
    const signal = this.#abort.signal;
    const startedAt = Date.now();
    const post = async (stage: Stage): Promise<void> => {
      await sleep(Math.max(0, startedAt + stage.offsetMs - Date.now()), undefined, { signal });
      await this.#postWithRetries(url, send, stage, signal);
    };
    if (!this.#options.ordered) {
      await Promise.all(stages.map(post));
      return;
    }
    for (const stage of stages) await post(stage);
  }

  async #postWithRetries(url: string, send: AcceptedSend, stage: Stage, signal: AbortSignal): Promise<void> {
    const { payload, headers } = signedWebhook(
      this.#options.appSecret,
      statusBody({
        phoneNumberId: send.phoneNumberId,
        displayPhoneNumber: send.displayPhoneNumber,
        status: statusUpdate({
          wamid: send.wamid,
          status: stage.status,
          category: send.category,
          conversationId: send.conversationId,
          ...(send.recipientId === undefined ? {} : { recipientId: send.recipientId }),
          ...(send.recipientUserId === undefined ? {} : { recipientUserId: send.recipientUserId }),
          ...(send.bizOpaqueCallbackData === undefined ? {} : { bizOpaqueCallbackData: send.bizOpaqueCallbackData }),
          ...(stage.error === undefined ? {} : { error: stage.error }),
        }),
      }),
    );
    for (let attempt = 1; attempt <= this.#options.retries + 1; attempt += 1) {
      const record = await postOnce(url, payload, headers, signal);
      this.deliveries.push({ wamid: send.wamid, status: stage.status, url, attempt, payload, at: Date.now(), ...record });
      this.#options.log(`status ${stage.status} ${send.wamid} → ${record.httpStatus ?? record.error ?? "error"}`);
      if (record.httpStatus !== null && record.httpStatus < 300) return;
      if (attempt > this.#options.retries) return;
      await sleep(50 * 2 ** attempt, undefined, { signal });
    }
  }
}

async function postOnce(
  url: string,
  payload: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ httpStatus: number | null; error?: string }> {
  try {
    const response = await fetch(url, { method: "POST", headers, body: payload, signal });
    await response.arrayBuffer();
    return { httpStatus: response.status };
  } catch (error) {
    if (signal.aborted) throw error;
    return { httpStatus: null, error: describeNetworkError(error) };
  }
}

/** fetch hides the useful part (ECONNREFUSED while Parley is still starting) in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : undefined;
  return code === undefined ? error.message : `${error.message} (${code})`;
}
