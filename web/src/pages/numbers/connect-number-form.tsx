/** Connect a number: Meta's ids and an access token, checked against the Graph API by the server. */
import { connectNumberBody } from "../../../../worker/schemas/accounts";
import { numbersApi } from "../../api/numbers";
import type { PublicNumber } from "../../api/types";
import { FormError } from "../../components/alert";
import { TextField } from "../../components/field";
import { SubmitButton } from "../../components/submit-button";
import { useForm } from "../../forms/use-form";

export function ConnectNumberForm({ onConnected }: { onConnected: (number: PublicNumber) => void }) {
  const form = useForm({
    initial: { phoneNumberId: "", wabaId: "", accessToken: "" },
    schema: connectNumberBody,
    async onSubmit(body, f) {
      const { number } = await numbersApi.connect(body);
      f.reset();
      onConnected(number);
    },
  });
  return (
    <section class="card" aria-labelledby="connect-title">
      <div class="card-header">
        <div>
          <h2 id="connect-title">Connect a number</h2>
          <p>Find these in Meta's WhatsApp Manager under API Setup. Parley checks them with Meta before saving.</p>
        </div>
      </div>
      <form class="card-body" onSubmit={form.handleSubmit} noValidate>
        <div class="form-row">
          <TextField form={form} name="phoneNumberId" label="Phone number ID" inputmode="numeric" autocomplete="off" class="mono" />
          <TextField form={form} name="wabaId" label="WhatsApp Business Account ID" inputmode="numeric" autocomplete="off" class="mono" />
        </div>
        <TextField
          form={form}
          name="accessToken"
          label="Access token"
          type="password"
          autocomplete="off"
          hint="A permanent system-user token with whatsapp_business_messaging. It is stored encrypted and never shown again."
        />
        <FormError message={form.formError} />
        <div class="form-actions">
          <SubmitButton pending={form.pending}>Connect number</SubmitButton>
        </div>
      </form>
    </section>
  );
}
