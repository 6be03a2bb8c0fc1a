/** The live inbox, at /inbox and /inbox/:conversationId (so a conversation is linkable, at a message with ?at=). */
import { useRoute } from "preact-iso";
import { InboxView } from "../inbox/inbox-view";
import "../styles/inbox.css";

export default function InboxPage() {
  const { params, query } = useRoute();
  // `?at=<message id>`: a search result opens the conversation at that message.
  return <InboxView conversationId={params["conversationId"] ?? null} at={query["at"] ?? null} />;
}
