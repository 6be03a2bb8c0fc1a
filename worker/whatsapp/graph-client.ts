/**
 * Meta's Graph API, reached only through GRAPH_API_BASE so tests and `npm start` talk to the local peer
 * (test/peers/meta-graph.ts) and production to graph.facebook.com.
 */
export interface GraphConfig {
  baseUrl: string;
  version: string;
  accessToken: string;
}

export interface GraphMediaInfo {
  url: string;
  mime_type?: string;
  sha256?: string;
  file_size?: number;
}

export interface GraphPhoneNumber {
  id: string;
  display_phone_number?: string;
  verified_name?: string;
  quality_rating?: string;
}

export interface GraphTemplate {
  id?: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  components: unknown[];
  rejected_reason?: string;
}

export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly retryAfterSeconds?: number,
    /** Meta's `error_data.details`: the sentence that says what to do about it. */
    readonly details?: string,
  ) {
    super(message);
    this.name = "GraphApiError";
  }

  /** Rate limits and Meta's own failures pass; anything else a retry would only repeat. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500 || this.code === 130429 || this.code === 80007 || this.code === 4;
  }
}

export class GraphClient {
  constructor(private readonly config: GraphConfig) {}

  /** Checks a number and token together: Meta answers only if the token may use that number. */
  getPhoneNumber(phoneNumberId: string): Promise<GraphPhoneNumber> {
    return this.json<GraphPhoneNumber>(
      `/${this.config.version}/${encodeURIComponent(phoneNumberId)}?fields=display_phone_number,verified_name,quality_rating`,
    );
  }

  /** Sends one message; Meta answers with the wamid it will report statuses under. */
  async sendMessage(phoneNumberId: string, payload: Record<string, unknown>): Promise<string> {
    const res = await this.json<{ messages?: { id: string }[] }>(`/${this.config.version}/${encodeURIComponent(phoneNumberId)}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", ...payload }),
    });
    const wamid = res.messages?.[0]?.id;
    if (!wamid) throw new GraphApiError(502, undefined, "Graph API accepted the send but returned no message id");
    return wamid;
  }

  /** Uploads media for sending; returns Meta's media id. */
  async uploadMedia(phoneNumberId: string, bytes: ArrayBuffer, mimeType: string, filename: string): Promise<string> {
    const form = new FormData();
    form.append("messaging_product", "whatsapp");
    form.append("type", mimeType);
    form.append("file", new Blob([bytes], { type: mimeType }), filename);
    const res = await this.json<{ id: string }>(`/${this.config.version}/${encodeURIComponent(phoneNumberId)}/media`, {
      method: "POST",
      body: form,
    });
    return res.id;
  }

  /** Blue ticks for the customer: tells WhatsApp the business read up to this message. */
  async markRead(phoneNumberId: string, wamid: string): Promise<void> {
    await this.json(`/${this.config.version}/${encodeURIComponent(phoneNumberId)}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", status: "read", message_id: wamid }),
    });
  }

  async listTemplates(wabaId: string): Promise<GraphTemplate[]> {
    const out: GraphTemplate[] = [];
    let path: string | null = `/${this.config.version}/${encodeURIComponent(wabaId)}/message_templates?limit=100`;
    for (let page = 0; path && page < 20; page++) {
      const res: { data: GraphTemplate[]; paging?: { next?: string } } = await this.json(path);
      out.push(...res.data);
      path = res.paging?.next ? new URL(res.paging.next).pathname + new URL(res.paging.next).search : null;
    }
    return out;
  }

  getMedia(mediaId: string): Promise<GraphMediaInfo> {
    return this.json<GraphMediaInfo>(`/${this.config.version}/${encodeURIComponent(mediaId)}`);
  }

  /** Media URLs need the same bearer token as the API. */
  async download(url: string): Promise<{ bytes: ArrayBuffer; contentType: string | null }> {
    const res = await fetch(url, { headers: this.headers() });
    if (!res.ok) throw await toError(res);
    return { bytes: await res.arrayBuffer(), contentType: res.headers.get("content-type") };
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(new URL(path, this.config.baseUrl), { ...init, headers: { ...this.headers(), ...init.headers } });
    if (!res.ok) throw await toError(res);
    return (await res.json()) as T;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.config.accessToken}` };
  }
}

async function toError(res: Response): Promise<GraphApiError> {
  let code: number | undefined;
  let message = `Graph API answered ${res.status}`;
  let details: string | undefined;
  try {
    const body = (await res.json()) as { error?: { code?: number; message?: string; error_data?: { details?: string } } };
    code = body.error?.code;
    if (body.error?.message) message = body.error.message;
    details = body.error?.error_data?.details;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const retryAfter = Number(res.headers.get("retry-after"));
  return new GraphApiError(res.status, code, message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined, details);
}
