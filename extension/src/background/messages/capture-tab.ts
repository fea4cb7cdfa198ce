import { captureTab, isCaptureWindow } from "~background/capture";
import { handler } from "~lib/messages";

/**
 * Which tab's page to read. The capture form names one (`?tab=<id>`) only when it runs in the extension's own
 * popup or in the small window the context menu opens; framed in a web page (the panel) or loaded top-level
 * by a page, a `tab` parameter could point at another tab, so there it is always the tab that asks.
 */
export async function trustedTabId(asked: number | undefined, sender: chrome.runtime.MessageSender | undefined): Promise<number | undefined> {
  const own = sender?.tab;
  if (!own) return asked; // the toolbar popup: no tab of its own
  if (asked === undefined || sender.frameId !== 0) return own.id;
  // popup.html is not web-accessible: only the extension (or the user) opens it, also in a tab.
  if (sender.url?.startsWith(chrome.runtime.getURL("popup.html"))) return asked;
  return (await isCaptureWindow(own.windowId)) ? asked : own.id;
}

export default handler(
  "capture-tab",
  async (body, sender) => captureTab(await trustedTabId(body.tabId, sender)),
  (message) => ({ ok: false, message }),
);
