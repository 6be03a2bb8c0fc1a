/** Structured messages as cards: a location (with a map link, no map tiles), contact cards, an order. */
import type { JsonObject, JsonValue, MessageContent } from "../../../durable/protocol";
import { BagIcon, ExternalLinkIcon, MapPinIcon, UserIcon } from "../components/icons";
import { formatMinor } from "../format/money";

type Location = Extract<MessageContent, { type: "location" }>;
type Order = Extract<MessageContent, { type: "order" }>;

export function LocationCard({ c }: { c: Location }) {
  const lat = c.latitude.toFixed(6);
  const lon = c.longitude.toFixed(6);
  const map = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
  return (
    <div class="card-msg">
      <span class="card-msg-icon">
        <MapPinIcon />
      </span>
      <div class="card-msg-body">
        <strong>{c.name ?? "Location"}</strong>
        {c.address && <span>{c.address}</span>}
        <span class="muted small mono">
          {lat}, {lon}
        </span>
        <a href={map} target="_blank" rel="noopener noreferrer" class="card-msg-link">
          Open in OpenStreetMap
          <ExternalLinkIcon />
        </a>
      </div>
    </div>
  );
}

const obj = (v: JsonValue | undefined): JsonObject | null => (v && typeof v === "object" && !Array.isArray(v) ? v : null);
const str = (v: JsonValue | undefined): string | null => (typeof v === "string" && v.trim() ? v : null);
const list = (v: JsonValue | undefined): JsonObject[] =>
  Array.isArray(v)
    ? v.flatMap((x): JsonObject[] => {
        const o = obj(x);
        return o ? [o] : [];
      })
    : [];

/** One of Meta's contact objects: name.formatted_name, phones[].phone, emails[].email, org.company. */
function ContactCard({ card }: { card: JsonObject }) {
  const name = obj(card["name"]);
  const display =
    str(name?.["formatted_name"]) ?? ([str(name?.["first_name"]), str(name?.["last_name"])].filter(Boolean).join(" ") || "Contact");
  const company = str(obj(card["org"])?.["company"]);
  const phones = list(card["phones"]).flatMap((p) => str(p["phone"]) ?? str(p["wa_id"]) ?? []);
  const emails = list(card["emails"]).flatMap((e) => str(e["email"]) ?? []);
  return (
    <div class="card-msg">
      <span class="card-msg-icon">
        <UserIcon />
      </span>
      <div class="card-msg-body">
        <strong>{display}</strong>
        {company && <span class="muted">{company}</span>}
        {phones.map((p) => (
          <a key={p} href={`tel:${p.replace(/[^\d+]/g, "")}`}>
            {p}
          </a>
        ))}
        {emails.map((e) => (
          <a key={e} href={`mailto:${e}`}>
            {e}
          </a>
        ))}
      </div>
    </div>
  );
}

export function ContactCards({ contacts }: { contacts: JsonObject[] }) {
  return (
    <div class="card-stack">
      {contacts.map((card, i) => (
        <ContactCard key={i} card={card} />
      ))}
    </div>
  );
}

/** `names`: what each item is in the catalog, by position (from the sales order drafted of it), when known. */
export function OrderCard({ c, names }: { c: Order; names?: (string | undefined)[] }) {
  const count = c.items.reduce((n, item) => n + item.quantity, 0);
  return (
    <div class="order">
      <div class="order-head">
        <span class="card-msg-icon">
          <BagIcon />
        </span>
        <div>
          <strong>Order</strong>
          <span class="muted small">
            {" "}
            · {count} item{count === 1 ? "" : "s"}
          </span>
        </div>
      </div>
      <table class="order-items">
        <tbody>
          {c.items.map((item, i) => (
            <tr key={i}>
              {names?.[i] ? <td title={item.productRetailerId}>{names[i]}</td> : <td class="mono">{item.productRetailerId}</td>}
              <td class="order-qty">×{item.quantity}</td>
              <td class="order-price">{formatMinor(item.itemPriceMinor * item.quantity, item.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td class="order-price">{formatMinor(c.totalMinor, c.currency ?? c.items[0]?.currency ?? null)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
