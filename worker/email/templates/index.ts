/**
 * Every email Parley sends, by name. A template takes its data and returns the content; the layout
 * turns that into the HTML and text parts. To add one: write it beside the others and list it here.
 */
import { invitation, newSignIn, passwordReset, twoFactorChanged, verifyEmail } from "./account";
import { renderEmail, type RenderedEmail } from "./layout";
import { deletionScheduled, exportReady, paymentFailed, trialEnding, webhookDisabled } from "./notices";

export const emailTemplates = {
  invitation,
  password_reset: passwordReset,
  verify_email: verifyEmail,
  new_sign_in: newSignIn,
  two_factor_changed: twoFactorChanged,
  trial_ending: trialEnding,
  payment_failed: paymentFailed,
  export_ready: exportReady,
  deletion_scheduled: deletionScheduled,
  webhook_disabled: webhookDisabled,
};

export type EmailTemplateName = keyof typeof emailTemplates;
export type EmailTemplateData<T extends EmailTemplateName> = Parameters<(typeof emailTemplates)[T]>[0];

export function renderTemplate<T extends EmailTemplateName>(template: T, data: EmailTemplateData<T>): RenderedEmail {
  const build = emailTemplates[template] as (d: EmailTemplateData<T>) => Parameters<typeof renderEmail>[0];
  return renderEmail(build(data));
}

export type { RenderedEmail };
