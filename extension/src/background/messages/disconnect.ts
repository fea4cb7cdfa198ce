import { disconnect } from "~background/service";
import { handler } from "~lib/messages";

export default handler("disconnect", () => disconnect(), (message) => ({ ok: true, revoked: false, message }));
