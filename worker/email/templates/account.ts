/** Mail about a person's account and team: invitations, password resets, verification, security notices. */
import type { EmailContent } from "./layout";

export const invitation = (d: { orgName: string; inviterName: string; role: string; link: string; expiresAt: number }): EmailContent => ({
  subject: `${d.inviterName} invited you to ${d.orgName} on Parley`,
  preview: `Join ${d.orgName}'s WhatsApp inbox as ${article(d.role)} ${d.role}.`,
  heading: `Join ${d.orgName} on Parley`,
  paragraphs: [
    `${d.inviterName} invited you to answer ${d.orgName}'s WhatsApp customers with them, as ${article(d.role)} ${d.role}.`,
    `The link works once and until ${day(d.expiresAt)}.`,
  ],
  action: { label: "Accept the invitation", url: d.link },
  footnote: "If you did not expect this, ignore this email: nothing happens unless you accept.",
});

export const passwordReset = (d: { name: string; link: string; validMinutes: number }): EmailContent => ({
  subject: "Reset your Parley password",
  preview: `The link works once, for ${d.validMinutes} minutes.`,
  heading: "Reset your password",
  paragraphs: [
    `Hello ${d.name}, someone (hopefully you) asked to reset the password of your Parley account.`,
    `The link works once, for the next ${d.validMinutes} minutes. Setting a new password signs you out everywhere else.`,
  ],
  action: { label: "Choose a new password", url: d.link },
  footnote: "If you did not ask for this, ignore this email: your password stays as it is.",
});

export const verifyEmail = (d: { name: string; link: string }): EmailContent => ({
  subject: "Confirm your email for Parley",
  preview: "One click to confirm this address is yours.",
  heading: "Confirm your email",
  paragraphs: [`Welcome to Parley, ${d.name}. Confirm this address so we can reach you about your account and billing.`],
  action: { label: "Confirm my email", url: d.link },
  footnote: "If you did not sign up for Parley, ignore this email.",
});

export const newSignIn = (d: { name: string; device: string; ip: string; at: number; link: string }): EmailContent => ({
  subject: "New sign-in to your Parley account",
  preview: `From ${d.device}.`,
  heading: "A new device signed in",
  paragraphs: [`Hello ${d.name}, your account was just signed in from ${d.device} (IP ${d.ip}) at ${time(d.at)}.`],
  action: { label: "Review your sessions", url: d.link },
  footnote: "If this was not you, sign out that session and change your password now.",
});

export const twoFactorChanged = (d: { name: string; enabled: boolean; link: string }): EmailContent => ({
  subject: d.enabled ? "Two-factor sign-in turned on" : "Two-factor sign-in turned off",
  preview: "A security setting of your Parley account changed.",
  heading: d.enabled ? "Two-factor sign-in is on" : "Two-factor sign-in is off",
  paragraphs: [`Hello ${d.name}, two-factor sign-in was just turned ${d.enabled ? "on" : "off"} for your Parley account.`],
  action: { label: "Open your profile", url: d.link },
  footnote: "If this was not you, change your password and contact your organization's owner.",
});

const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");
export const day = (ms: number) => new Date(ms).toUTCString().slice(0, 16);
export const time = (ms: number) => `${new Date(ms).toISOString().replace("T", " ").slice(0, 16)} UTC`;
