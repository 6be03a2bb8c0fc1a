/** "Ana is replying…": teammates writing in this conversation right now, so two don't answer at once. */
import { currentUser } from "../session/session";
import type { OpenConversation } from "./open-conversation";

export function TypingLine({ conv }: { conv: OpenConversation }) {
  const me = currentUser.value?.id;
  const names = [...new Set(conv.log.typing.value.filter((t) => t.userId !== me).map((t) => t.name))];
  return (
    <div class="typing-line" aria-live="polite">
      {names.length > 0 && (
        <span class="typing">
          <span class="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {names.length === 1
            ? `${names[0]} is replying…`
            : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} are replying…`}
        </span>
      )}
    </div>
  );
}
