/** Queue job bodies for outbound work. */
export interface SendJob {
  kind: "message.send";
  orgId: string;
  conversationId: string;
  messageId: string;
}
