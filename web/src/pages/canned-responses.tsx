/**
 * Saved replies (canned responses): admins add, edit and delete them; everyone sees them here and
 * inserts them in the composer by typing `/` and the shortcut.
 */
import { useState } from "preact/hooks";
import { cannedResponseBody } from "../../../worker/schemas/inbox";
import { type CannedResponse, inboxApi } from "../api/inbox";
import { Alert, FormError } from "../components/alert";
import { ConfirmDialog } from "../components/confirm-dialog";
import { Dialog } from "../components/dialog";
import { TextAreaField, TextField } from "../components/field";
import { LoadingRows, Page } from "../components/page";
import { SubmitButton } from "../components/submit-button";
import { toast } from "../components/toasts";
import { useForm } from "../forms/use-form";
import { useResource } from "../hooks/use-resource";
import { forgetCannedResponses } from "../inbox/canned-responses";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";

type Values = { shortcut: string; title: string; body: string };
const empty: Values = { shortcut: "", title: "", body: "" };

function CannedForm({
  initial,
  submitLabel,
  onSave,
  onCancel,
}: {
  initial: Values;
  submitLabel: string;
  onSave: (body: Values) => Promise<void>;
  onCancel?: () => void;
}) {
  const form = useForm({
    initial,
    // Shortcuts are typed after a slash; one pasted with it is what the admin meant.
    toInput: (v) => ({ ...v, shortcut: v.shortcut.trim().replace(/^\//, "").toLowerCase() }),
    schema: cannedResponseBody,
    async onSubmit(body, f) {
      await onSave(body);
      if (!onCancel) f.reset(empty);
    },
  });
  return (
    <form class="form canned-form" onSubmit={form.handleSubmit} noValidate>
      <div class="canned-form-row">
        <TextField
          form={form}
          name="shortcut"
          label="Shortcut"
          hint="Type / and this in the composer."
          placeholder="opening-hours"
          maxLength={33}
          autocomplete="off"
        />
        <TextField form={form} name="title" label="Title" placeholder="Opening hours" maxLength={100} autocomplete="off" />
      </div>
      <TextAreaField form={form} name="body" label="Text" placeholder="We're open Monday to Saturday, 9:00–19:00." maxLength={4096} />
      <FormError message={form.formError} />
      <div class="dialog-actions">
        {onCancel && (
          <button type="button" class="btn" onClick={onCancel} disabled={form.pending}>
            Cancel
          </button>
        )}
        <SubmitButton pending={form.pending}>{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}

function CannedItem({ r, admin, onEdit, onDelete }: { r: CannedResponse; admin: boolean; onEdit: () => void; onDelete: () => void }) {
  return (
    <li class="canned-entry">
      <div class="canned-entry-head">
        <code class="canned-shortcut">/{r.shortcut}</code>
        <strong class="canned-entry-title">{r.title}</strong>
        {admin && (
          <div class="row-actions">
            <button type="button" class="btn btn-ghost btn-sm" onClick={onEdit} aria-label={`Edit /${r.shortcut}`}>
              Edit
            </button>
            <button type="button" class="btn btn-ghost btn-sm danger" onClick={onDelete} aria-label={`Delete /${r.shortcut}`}>
              Delete
            </button>
          </div>
        )}
      </div>
      <p class="canned-entry-body">{r.body}</p>
    </li>
  );
}

export default function CannedResponsesPage() {
  const admin = isAdmin(currentUser.value?.role);
  const list = useResource(() => inboxApi.cannedResponses().then((r) => r.cannedResponses));
  const [editing, setEditing] = useState<CannedResponse | null>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const rows = list.data ?? [];
  const changed = (next: (all: CannedResponse[]) => CannedResponse[]) => {
    list.update((all) => next(all).sort((a, b) => a.shortcut.localeCompare(b.shortcut)));
    forgetCannedResponses();
  };

  return (
    <Page
      title="Saved replies"
      description={
        admin
          ? "Answers your team sends often. Agents insert them by typing / and the shortcut in the composer."
          : "Answers your team sends often: type / and the shortcut in the composer. Admins add and change them."
      }
    >
      {admin && (
        <section class="card" aria-labelledby="canned-new-title">
          <div class="card-header">
            <h2 id="canned-new-title">Add a saved reply</h2>
          </div>
          <div class="card-body">
            <CannedForm
              initial={empty}
              submitLabel="Add saved reply"
              onSave={async (body) => {
                const { cannedResponse } = await inboxApi.createCanned(body);
                changed((all) => [...all, cannedResponse]);
                toast(`/${cannedResponse.shortcut} saved`);
              }}
            />
          </div>
        </section>
      )}
      <section class="card" aria-labelledby="canned-list-title">
        <div class="card-header">
          <h2 id="canned-list-title">Saved replies{list.data ? ` (${rows.length})` : ""}</h2>
        </div>
        {list.error && (
          <div class="card-body">
            <Alert>{list.error}</Alert>
          </div>
        )}
        {!list.data && list.loading && <LoadingRows rows={3} />}
        {list.data && rows.length === 0 && (
          <p class="card-empty">{admin ? "None yet. Add the answers your team types most." : "None yet. Ask an admin to add some."}</p>
        )}
        {rows.length > 0 && (
          <ul class="canned-entries">
            {rows.map((r) => (
              <CannedItem key={r.id} r={r} admin={admin} onEdit={() => setEditing(r)} onDelete={() => setDeleting(r)} />
            ))}
          </ul>
        )}
      </section>
      {editing && (
        <Dialog title={`Edit /${editing.shortcut}`} onClose={() => setEditing(null)}>
          <CannedForm
            initial={{ shortcut: editing.shortcut, title: editing.title, body: editing.body }}
            submitLabel="Save changes"
            onCancel={() => setEditing(null)}
            onSave={async (body) => {
              const { cannedResponse } = await inboxApi.updateCanned(editing.id, body);
              changed((all) => all.map((r) => (r.id === cannedResponse.id ? cannedResponse : r)));
              setEditing(null);
              toast("Saved reply updated");
            }}
          />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete /${deleting.shortcut}?`}
          confirmLabel="Delete saved reply"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await inboxApi.deleteCanned(deleting.id);
            changed((all) => all.filter((r) => r.id !== deleting.id));
            toast(`/${deleting.shortcut} deleted`);
          }}
        >
          <p>Nobody on the team can insert it any more. Messages already sent with it stay as they are.</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
