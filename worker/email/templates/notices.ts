/** Mail about an organization's billing and data, sent to its owners (or whoever asked for an export). */
import { day } from "./account";
import type { EmailContent } from "./layout";

export const trialEnding = (d: { orgName: string; endsAt: number; link: string }): EmailContent => ({
  subject: `Your Parley trial ends on ${day(d.endsAt)}`,
  preview: "Choose a plan to keep sending without a break.",
  heading: "Your trial is ending",
  paragraphs: [
    `${d.orgName}'s Parley trial ends on ${day(d.endsAt)}.`,
    "Choose a plan to keep sending. Incoming WhatsApp messages keep arriving whatever happens.",
  ],
  action: { label: "Choose a plan", url: d.link },
});

export const paymentFailed = (d: { orgName: string; graceEndsAt: number; link: string }): EmailContent => ({
  subject: `Payment failed for ${d.orgName}`,
  preview: `Update your payment method before ${day(d.graceEndsAt)}.`,
  heading: "We could not take your payment",
  paragraphs: [
    `The latest payment for ${d.orgName}'s Parley subscription failed.`,
    `Everything keeps working until ${day(d.graceEndsAt)}. After that sending pauses until the payment goes through; incoming messages keep arriving.`,
  ],
  action: { label: "Update payment method", url: d.link },
});

export const exportReady = (d: { orgName: string; link: string; expiresAt: number }): EmailContent => ({
  subject: `Your ${d.orgName} data export is ready`,
  preview: `Download it before ${day(d.expiresAt)}.`,
  heading: "Your data export is ready",
  paragraphs: [`The export of ${d.orgName}'s data you asked for is ready. The download link works until ${day(d.expiresAt)}.`],
  action: { label: "Download the export", url: d.link },
  footnote: "Only signed-in members of your organization with the right role can download it.",
});

export const deletionScheduled = (d: { orgName: string; deleteAt: number; link: string }): EmailContent => ({
  subject: `${d.orgName} will be deleted on ${day(d.deleteAt)}`,
  preview: "You can still cancel the deletion.",
  heading: "Your organization is scheduled for deletion",
  paragraphs: [
    `${d.orgName} and all its data will be deleted for good on ${day(d.deleteAt)}.`,
    "Until then an owner can cancel the deletion from the organization settings.",
  ],
  action: { label: "Open organization settings", url: d.link },
});

export const webhookDisabled = (d: { orgName: string; url: string; failures: number; link: string }): EmailContent => ({
  subject: `A webhook endpoint of ${d.orgName} was switched off`,
  preview: `${d.url} failed ${d.failures} times in a row.`,
  heading: "A webhook endpoint was switched off",
  paragraphs: [
    `Parley could not deliver events to ${d.url} (${d.failures} failed attempts in a row), so it stopped sending to it.`,
    "Fix the endpoint, then switch it back on in Settings → Integrations; the delivery log shows each answer, and failed deliveries can be resent.",
  ],
  action: { label: "Open Integrations", url: d.link },
});
