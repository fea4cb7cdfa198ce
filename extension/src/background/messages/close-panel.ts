import { tellTab } from "~background/capture";
import { handler } from "~lib/messages";

// The capture form framed in a page's panel is done: the page's content script closes the panel.
export default handler(
  "close-panel",
  async (_body, sender) => {
    if (sender?.tab?.id !== undefined) await tellTab(sender.tab.id, { type: "prospector/close-panel" });
    return { ok: true as const };
  },
  () => ({ ok: true as const }),
);
