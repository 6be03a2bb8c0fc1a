/**
 * Live campaign frames from the org's inbox socket: progress once per pacing tick, recipient ticks as
 * sends and Meta's statuses land. One socket per open campaign screen, closed when it unmounts.
 */
import { useEffect } from "preact/hooks";
import type { CampaignProgress, RecipientUpdate } from "../../../durable/campaign-protocol";
import type { InboxFrame } from "../../../durable/protocol";
import { ReconnectingSocket } from "../live/reconnecting-socket";

export interface CampaignLiveHandlers {
  onProgress(progress: CampaignProgress): void;
  onRecipients(updates: RecipientUpdate[]): void;
  /** After a reconnect: frames may have been missed, so the screen reloads what it shows. */
  onReconnect(): void;
}

export function useCampaignLive(campaignId: string | null, handlers: CampaignLiveHandlers): void {
  useEffect(() => {
    if (!campaignId) return;
    let opened = 0;
    const socket = new ReconnectingSocket({
      url: () => "/api/live/inbox",
      onOpen: () => {
        if (opened++ > 0) handlers.onReconnect();
      },
      onFrame: (raw) => {
        const frame = raw as InboxFrame;
        if (frame.t === "campaign" && frame.progress.campaignId === campaignId) handlers.onProgress(frame.progress);
        else if (frame.t === "campaign.recipients" && frame.campaignId === campaignId) handlers.onRecipients(frame.updates);
      },
    });
    return () => socket.close();
  }, [campaignId]);
}
