/** Every audited action, with the words the audit log page shows for it. Plain data: web/ imports it too. */
export const auditActionLabels = {
  "auth.signup": "Created the organization",
  "auth.login": "Signed in",
  "auth.login_failed": "Failed sign-in",
  "auth.logout": "Signed out",
  "auth.password_changed": "Changed password",
  "auth.session_revoked": "Signed out a session",
  "auth.2fa_enabled": "Turned on two-factor",
  "auth.2fa_disabled": "Turned off two-factor",
  "auth.2fa_failed": "Wrong two-factor code",
  "auth.recovery_code_used": "Used a recovery code",
  "auth.password_reset_requested": "Asked for a password reset",
  "auth.password_reset": "Reset password by email",
  "auth.email_verified": "Confirmed email address",
  "team.invited": "Invited someone",
  "team.invite_revoked": "Revoked an invite",
  "team.joined": "Joined the team",
  "team.role_changed": "Changed a role",
  "team.removed": "Removed a member",
  "number.connected": "Connected a number",
  "number.removed": "Removed a number",
  "org.settings_changed": "Changed settings",
  "data.exported": "Exported data",
  "data.deleted": "Deleted data",
  "data.contact_erased": "Erased a customer",
  "org.terminated": "Terminated the organization",
  "org.termination_cancelled": "Cancelled termination",
} as const;

export type AuditAction = keyof typeof auditActionLabels;
export const auditActions = Object.keys(auditActionLabels) as AuditAction[];
