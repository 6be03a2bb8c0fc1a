/** Organization settings for admins: the name, "stay signed in", (owners) requiring 2FA, and the search index. */
import { useState } from "preact/hooks";
import { orgSettingsBody } from "../../../worker/schemas/accounts";
import { ApiError, messageOf } from "../api/client";
import { orgApi } from "../api/org";
import type { PublicOrg, PublicUser } from "../api/types";
import { Alert, FormError } from "../components/alert";
import { TextField } from "../components/field";
import { Page } from "../components/page";
import { SubmitButton } from "../components/submit-button";
import { toast } from "../components/toasts";
import { useForm } from "../forms/use-form";
import { EmailDeliveriesCard } from "../account-email/email-deliveries-card";
import { SearchIndexCard } from "../search/search-index-card";
import { PaymentsCard } from "../payments/payments-card";
import { currentOrg, currentUser, updateOrg } from "../session/session";

function NameCard({ org }: { org: PublicOrg }) {
  const form = useForm({
    initial: { name: org.name },
    schema: orgSettingsBody,
    async onSubmit(body) {
      updateOrg((await orgApi.update(body)).org);
      toast("Organization name saved");
    },
  });
  return (
    <section class="card" aria-labelledby="org-name-title">
      <div class="card-header">
        <h2 id="org-name-title">Organization</h2>
      </div>
      <form class="card-body" onSubmit={form.handleSubmit} noValidate>
        <TextField form={form} name="name" label="Name" autocomplete="organization" hint="Shown to your team and in invitations." />
        <FormError message={form.formError} />
        <div class="form-actions">
          <SubmitButton pending={form.pending} disabled={form.values.name.trim() === org.name}>
            Save
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

type Policy = "staySignedIn" | "requireTwoFactor";

interface PolicySwitchProps {
  org: PublicOrg;
  policy: Policy;
  title: string;
  description: string;
  disabledReason?: string | undefined;
}

/** A setting that saves as soon as it is flipped, and flips back if the server says no. */
function PolicySwitch({ org, policy, title, description, disabledReason }: PolicySwitchProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; code?: string } | null>(null);
  const id = `policy-${policy}`;
  async function flip(value: boolean) {
    setPending(true);
    setError(null);
    try {
      updateOrg((await orgApi.update({ [policy]: value })).org);
      toast(`${title}: ${value ? "on" : "off"}`);
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, code: err.code } : { message: messageOf(err) });
    } finally {
      setPending(false);
    }
  }
  return (
    <div class="policy">
      <label class="switch" for={id}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={org[policy]}
          disabled={pending || !!disabledReason}
          onChange={(e) => void flip(e.currentTarget.checked)}
          aria-describedby={`${id}-desc`}
        />
        <span class="switch-text">
          <span class="switch-title">{title}</span>
          <span class="muted small" id={`${id}-desc`}>
            {description}
            {disabledReason && ` ${disabledReason}`}
          </span>
        </span>
      </label>
      {error && (
        <Alert>
          {error.message}
          {error.code === "enable_2fa_first" && <a href="/profile">Set up two-factor sign-in on your profile</a>}
        </Alert>
      )}
    </div>
  );
}

function SecurityCard({ org, me }: { org: PublicOrg; me: PublicUser }) {
  return (
    <section class="card" aria-labelledby="security-title">
      <div class="card-header">
        <div>
          <h2 id="security-title">Sign-in security</h2>
          <p>Changes apply to everyone in the organization and are recorded in the audit log.</p>
        </div>
      </div>
      <div class="card-body policies">
        <PolicySwitch
          org={org}
          policy="staySignedIn"
          title="Stay signed in"
          description="Off: a session ends about 90 seconds after the app is closed, so a shared computer is never left signed in. On: sessions last until they expire or someone signs out."
        />
        <PolicySwitch
          org={org}
          policy="requireTwoFactor"
          title="Require two-factor sign-in"
          description="Everyone must use an authenticator app to sign in. Members without it are asked to set it up before they can continue."
          disabledReason={me.role === "owner" ? undefined : "Only an owner can change this."}
        />
      </div>
    </section>
  );
}

export default function OrgSettingsPage() {
  const org = currentOrg.value!;
  const me = currentUser.value!;
  return (
    <Page
      title="Settings"
      description="Your organization's name, sign-in policies, payments from customers, message search and the mail Parley sent."
      narrow
    >
      <NameCard org={org} />
      <SecurityCard org={org} me={me} />
      <PaymentsCard />
      <SearchIndexCard />
      <EmailDeliveriesCard />
    </Page>
  );
}
