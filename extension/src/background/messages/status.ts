import { getStatus } from "~background/service";
import { handler } from "~lib/messages";

export default handler("status", () => getStatus(), () => ({ connected: false, serverUrl: null, email: null, user: null, signedOutBecause: null, waiting: 0, needsFollowUp: null, lastUsed: null }));
