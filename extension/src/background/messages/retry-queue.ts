import { retryQueue } from "~background/service";
import { handler } from "~lib/messages";

export default handler("retry-queue", () => retryQueue(), () => ({ waiting: 0 }));
