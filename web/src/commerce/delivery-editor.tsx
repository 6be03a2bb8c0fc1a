/**
 * Where an order goes and its notes, in the order's dialog. A new order takes the contact's address (or
 * their last order's); here an agent corrects it when the customer says otherwise. The server lets the
 * address and notes change at any status (unlike lines and amounts), so a confirmed or paid order can
 * still be fixed before it ships.
 */
import { useState } from "preact/hooks";
import type { DeliveryAddress } from "../../../db/tables/commerce";
import { messageOf } from "../api/client";
import { commerceApi, type OrderDetail } from "../api/commerce";
import { Alert } from "../components/alert";
import { toast } from "../components/toasts";
import { noteOrder } from "./order-live";

const FIELDS: [keyof DeliveryAddress, string, string?][] = [
  ["name", "Recipient", "name"],
  ["line1", "Address", "address-line1"],
  ["line2", "Address line 2", "address-line2"],
  ["postalCode", "Postal code", "postal-code"],
  ["city", "City", "address-level2"],
  ["region", "Region", "address-level1"],
  ["country", "Country", "country-name"],
  ["phone", "Phone", "tel"],
];

export const addressText = (a: DeliveryAddress | null) =>
  a
    ? [a.name, a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(" "), a.region, a.country, a.phone].filter(Boolean).join(", ")
    : "";

export function DeliveryEditor({ detail, onSaved }: { detail: OrderDetail; onSaved: (d: OrderDetail) => void }) {
  const o = detail.order;
  const [editing, setEditing] = useState(false);
  const [address, setAddress] = useState<DeliveryAddress>(o.deliveryAddress ?? {});
  const [notes, setNotes] = useState(o.notes ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closed = o.status === "cancelled" || o.status === "refunded";

  function start() {
    setAddress(o.deliveryAddress ?? {});
    setNotes(o.notes ?? "");
    setError(null);
    setEditing(true);
  }

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const kept = Object.fromEntries(Object.entries(address).filter(([, v]) => typeof v === "string" && v.trim())) as DeliveryAddress;
      const d = await commerceApi.updateOrder(o.id, {
        deliveryAddress: Object.keys(kept).length ? kept : null,
        notes: notes.trim() || null,
      });
      noteOrder(d.order);
      onSaved(d);
      setEditing(false);
      toast(`Order #${o.number}: delivery saved.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  if (!editing)
    return (
      <div class="stack delivery-view">
        <p class={o.deliveryAddress ? "" : "muted"}>
          <strong>Deliver to:</strong> {addressText(o.deliveryAddress) || "no address yet"}
        </p>
        {o.notes && <p class="order-notes">{o.notes}</p>}
        {!closed && (
          <button type="button" class="btn btn-sm align-start" onClick={start}>
            Edit delivery and notes
          </button>
        )}
      </div>
    );
  return (
    <form class="stack delivery-editor" onSubmit={save} aria-label="Delivery and notes">
      <div class="address-grid">
        {FIELDS.map(([key, label, autocomplete]) => (
          <label class={`field field-${key}`} key={key}>
            <span class="field-label">{label}</span>
            <input
              class="input input-sm"
              value={address[key] ?? ""}
              autocomplete={autocomplete}
              onInput={(e) => setAddress((a) => ({ ...a, [key]: e.currentTarget.value }))}
            />
          </label>
        ))}
      </div>
      <label class="field">
        <span class="field-label">Notes</span>
        <textarea class="input textarea" rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      </label>
      {error && <Alert>{error}</Alert>}
      <div class="cluster">
        <button type="submit" class="btn btn-primary btn-sm" disabled={busy}>
          Save delivery
        </button>
        <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
