/** /api/numbers: the org's WhatsApp numbers and, for admins, what to paste into Meta. */
import type { ConnectNumberBody } from "../../../worker/schemas/accounts";
import { api } from "./client";
import type { PublicNumber, WebhookSettings } from "./types";

export const numbersApi = {
  list: () => api.get<{ numbers: PublicNumber[]; webhook?: WebhookSettings }>("/api/numbers"),
  connect: (body: ConnectNumberBody) => api.post<{ number: PublicNumber }>("/api/numbers", body),
  remove: (numberId: string) => api.delete<{ removed: true }>(`/api/numbers/${encodeURIComponent(numberId)}`),
};
