/** The Queue job that carries one rendered email to the provider. */
export interface EmailJob {
  kind: "email.send";
  /** The email_deliveries row; also the provider's Idempotency-Key, so a redelivered job sends once. */
  deliveryId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}
