import { dismissQueued } from "~background/service";
import { handler } from "~lib/messages";

export default handler("dismiss-queued", (body) => dismissQueued(body.requestId), () => ({ waiting: 0 }));
