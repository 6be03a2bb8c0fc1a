/** Bodies of the payments API (payment links in chat): the one source of these types for web/. */
import type { z } from "zod/mini";
import { orderMessageBody } from "./commerce";

/** Same shape as sending the order: the client's id makes a double click one link and one message. */
export const paymentLinkBody = orderMessageBody;
export type PaymentLinkBody = z.infer<typeof paymentLinkBody>;
