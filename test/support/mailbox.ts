/** Reads what Parley mailed, from the local mail peer (EMAIL_API_BASE), as a person reads their inbox. */
import { env } from "cloudflare:test";

export interface ReceivedMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
}

export async function mailTo(address: string): Promise<ReceivedMail[]> {
  const res = await fetch(`${env.EMAIL_API_BASE}/__mail/messages?to=${encodeURIComponent(address)}`);
  return (await res.json()) as ReceivedMail[];
}

/** Waits (the Queue delivers in the background) for a message to `address` whose subject matches. */
export async function waitForMail(address: string, subject: RegExp = /./, count = 1): Promise<ReceivedMail> {
  for (let i = 0; i < 200; i++) {
    const found = (await mailTo(address)).filter((m) => subject.test(m.subject));
    if (found.length >= count) return found[0]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail to ${address} matching ${subject}`);
}

/** The first link into the app in a message's text part. */
export function linkIn(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path}/([\\w-]+)`).exec(mail.text ?? "");
  if (!match) throw new Error(`no ${path} link in "${mail.subject}"`);
  return match[1]!;
}

/** Makes the mail peer answer `status` to the next `times` sends to `to`. */
export async function failMailTo(to: string, status: number, times: number): Promise<void> {
  await fetch(`${env.EMAIL_API_BASE}/__mail/fail`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ to, status, times }),
  });
}
