import type { RoomRpc } from "./room-api";

export const roomName = (orgId: string, conversationId: string) => `${orgId}:${conversationId}`;

/** The room of one conversation, typed by its RPC surface (see RoomRpc for why). */
export function roomStub(
  ns: DurableObjectNamespace<import("./conversation-room").ConversationRoom>,
  orgId: string,
  conversationId: string,
): RoomRpc {
  return ns.getByName(roomName(orgId, conversationId)) as unknown as RoomRpc;
}
