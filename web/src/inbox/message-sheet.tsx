/**
 * A message's actions on a phone, opened by pressing and holding it: a reaction row and Reply, in a
 * sheet at the bottom of the screen where a thumb reaches them.
 */
import type { Message } from "../../../durable/protocol";
import { messagePreview } from "../../../durable/message-preview";
import { Dialog } from "../components/dialog";
import { CopyIcon, ReplyIcon } from "../components/icons";
import { toast } from "../components/toasts";

export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

interface MessageSheetProps {
  m: Message;
  onReact: (emoji: string) => void;
  onReply: () => void;
  onClose: () => void;
}

export function MessageSheet({ m, onReact, onReply, onClose }: MessageSheetProps) {
  const ours = m.reactions["business"];
  return (
    <Dialog title="Message" onClose={onClose} class="sheet">
      <p class="sheet-preview">{messagePreview(m.content)}</p>
      <div class="sheet-reactions" role="group" aria-label="React">
        {QUICK_REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            class="emoji-btn"
            aria-pressed={ours === emoji}
            aria-label={ours === emoji ? `Remove ${emoji}` : `React ${emoji}`}
            onClick={() => {
              onClose();
              onReact(emoji);
            }}
          >
            {emoji}
          </button>
        ))}
      </div>
      <div class="sheet-actions">
        {m.content.type === "text" && (
          <button
            type="button"
            class="btn btn-ghost sheet-action"
            onClick={() => {
              const body = m.content.type === "text" ? m.content.body : "";
              onClose();
              void navigator.clipboard.writeText(body).then(
                () => toast("Copied"),
                () => toast("Could not copy the text.", "error"),
              );
            }}
          >
            <CopyIcon />
            Copy text
          </button>
        )}
        <button
          type="button"
          class="btn btn-ghost sheet-action"
          onClick={() => {
            onClose();
            onReply();
          }}
        >
          <ReplyIcon />
          Reply
        </button>
        <button type="button" class="btn sheet-cancel" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
