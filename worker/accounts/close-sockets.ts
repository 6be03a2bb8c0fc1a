/** Closes every live socket of a member whose access changed: their inbox tabs and the rooms they had open. */
import { roomStub } from "../../durable/room-stub";

export async function closeMemberSockets(env: Env, orgId: string, userId: string): Promise<void> {
  const rooms = await env.ORG_INBOX.getByName(orgId).revokeUser(userId);
  await Promise.all(
    rooms.map((conversationId) => roomStub(env.CONVERSATION_ROOM, orgId, conversationId).closeUser(userId, "access changed")),
  );
}
