import { captureTab } from "~background/capture";
import { handler } from "~lib/messages";

export default handler("capture-tab", (body) => captureTab(body.tabId), (message) => ({ ok: false, message }));
