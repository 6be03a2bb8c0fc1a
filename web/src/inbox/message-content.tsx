/** The inside of a bubble, one renderer per kind of WhatsApp message; text is always rendered as text. */
import type { JsonValue, Message } from "../../../durable/protocol";
import { ReplyIcon, TemplateIcon } from "../components/icons";
import { WhatsAppOrderMessage } from "../commerce/sales-order-strip";
import { LinkifiedText } from "./linkified-text";
import { ContactCards, LocationCard } from "./message-cards";
import { MessageMedia } from "./message-media";

const Text = ({ text }: { text: string }) => (
  <p class="msg-text">
    <LinkifiedText text={text} />
  </p>
);

const answer = (v: JsonValue): string => (v === null ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

export function MessageContent({ m, conversationId }: { m: Message; conversationId: string }) {
  const c = m.content;
  switch (c.type) {
    case "text":
    case "note":
      return <Text text={c.body} />;
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      return <MessageMedia m={m} c={c} conversationId={conversationId} />;
    case "location":
      return <LocationCard c={c} />;
    case "contacts":
      return <ContactCards contacts={c.contacts} />;
    case "order":
      return (
        <WhatsAppOrderMessage c={c} wamid={m.wamid} inbound={m.direction === "inbound"}>
          {c.text && <Text text={c.text} />}
        </WhatsAppOrderMessage>
      );
    case "button":
      return (
        <p class="choice">
          <ReplyIcon />
          <span>{c.text}</span>
        </p>
      );
    case "interactive":
      if (c.replyType === "nfm_reply") {
        const answers = c.flowResponse ? Object.entries(c.flowResponse).filter(([k]) => k !== "flow_token") : [];
        return (
          <div class="flow">
            <strong>{c.flowName ?? "Form answers"}</strong>
            {answers.length ? (
              <dl class="flow-answers">
                {answers.map(([k, v]) => (
                  <div key={k}>
                    <dt>{k.replace(/_/g, " ")}</dt>
                    <dd>{answer(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <Text text={c.flowResponseRaw ?? "The form was sent without answers."} />
            )}
          </div>
        );
      }
      return (
        <div class="choice-block">
          <p class="choice">
            <ReplyIcon />
            <span>{c.title ?? "Interactive reply"}</span>
          </p>
          {c.description && <p class="muted small">{c.description}</p>}
        </div>
      );
    case "template":
      return (
        <>
          <p class="msg-kicker">
            <TemplateIcon />
            Template · {c.name}
          </p>
          <Text text={c.preview} />
        </>
      );
    case "unsupported":
      return (
        <p class="msg-unsupported">
          This kind of message ({c.originalType}) can't be shown here. It is on the customer's WhatsApp and the business phone.
        </p>
      );
    case "system":
      return <Text text={c.body} />;
    case "request_welcome":
      return <Text text="The customer opened the chat." />;
    case "reaction":
      return null;
  }
}
