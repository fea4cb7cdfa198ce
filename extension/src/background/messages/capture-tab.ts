import { captureTab } from "~background/capture";
import { handler } from "~lib/messages";

// Without a tabId: the tab that frames the capture form asking.
export default handler("capture-tab", (body, sender) => captureTab(body.tabId ?? sender?.tab?.id), (message) => ({ ok: false, message }));
