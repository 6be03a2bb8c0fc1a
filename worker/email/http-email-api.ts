/**
 * An HTTP email API in Resend's shape: `POST {EMAIL_API_BASE}/emails` with a Bearer key and JSON
 * `{from, to, subject, html, text}`, answering `{id}`. Postmark, SES or a relay with the same shape can
 * stand behind the base URL; locally it is the mail peer (test/peers/mail.ts).
 */
export interface EmailApiConfig {
  baseUrl: string;
  apiKey: string;
  from: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Sent as Idempotency-Key: a retried job after a lost answer does not send twice. */
  idempotencyKey: string;
}

export class EmailApiError extends Error {
  constructor(
    message: string,
    /** 429 and 5xx (and network failures) may succeed later; other 4xx will not. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "EmailApiError";
  }
}

export async function postEmail(config: EmailApiConfig, mail: OutgoingEmail): Promise<{ id: string }> {
  if (!config.apiKey) throw new EmailApiError("EMAIL_API_KEY is not set", false);
  let res: Response;
  try {
    res = await fetch(`${config.baseUrl.replace(/\/+$/, "")}/emails`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${config.apiKey}`,
        "content-type": "application/json",
        "idempotency-key": mail.idempotencyKey,
      },
      body: JSON.stringify({ from: config.from, to: [mail.to], subject: mail.subject, html: mail.html, text: mail.text }),
    });
  } catch (err) {
    throw new EmailApiError(`email API unreachable: ${String(err)}`, true);
  }
  const body = (await res.json().catch(() => null)) as { id?: unknown; message?: unknown } | null;
  if (!res.ok) {
    const reason = typeof body?.message === "string" ? body.message : res.statusText;
    throw new EmailApiError(`email API answered ${res.status}: ${reason}`, res.status === 429 || res.status >= 500);
  }
  return { id: typeof body?.id === "string" ? body.id : "" };
}
