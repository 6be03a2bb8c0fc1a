/** The live inbox, at /inbox and /inbox/:conversationId (so a conversation is linkable). */
import { useRoute } from "preact-iso";
import { InboxView } from "../inbox/inbox-view";
import "../styles/inbox.css";

export default function InboxPage() {
  const { params } = useRoute();
  return <InboxView conversationId={params["conversationId"] ?? null} />;
}
