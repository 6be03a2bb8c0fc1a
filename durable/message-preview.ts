import type { MessageContent } from "./protocol";

const MEDIA_LABEL = { image: "📷 Photo", video: "🎥 Video", audio: "🎵 Audio", document: "📄 Document", sticker: "Sticker" } as const;

/** The one-line text a conversation list shows for a message. */
export function messagePreview(content: MessageContent): string {
  switch (content.type) {
    case "text":
      return content.body;
    case "image":
    case "video":
    case "sticker":
      return content.caption ? `${MEDIA_LABEL[content.type]}: ${content.caption}` : MEDIA_LABEL[content.type];
    case "audio":
      return content.voice ? "🎤 Voice message" : MEDIA_LABEL.audio;
    case "document":
      return `${MEDIA_LABEL.document}: ${content.filename ?? content.caption ?? "file"}`;
    case "location":
      return `📍 ${content.name ?? content.address ?? "Location"}`;
    case "contacts":
      return `👤 ${content.contacts.length === 1 ? "Contact card" : `${content.contacts.length} contact cards`}`;
    case "interactive":
      return content.title ?? (content.replyType === "nfm_reply" ? "Form submitted" : "Reply");
    case "button":
      return content.text;
    case "order":
      return `🛒 Order: ${content.items.length} item${content.items.length === 1 ? "" : "s"}`;
    case "system":
      return content.body || "System message";
    case "request_welcome":
      return "Opened the chat";
    case "unsupported":
      return "Message type not supported";
    case "template":
      return content.preview;
    case "reaction":
      return content.emoji ? `Reacted ${content.emoji}` : "Removed a reaction";
    case "note":
      return `Note: ${content.body}`;
  }
}
