import { connect } from "~background/service";
import { handler } from "~lib/messages";

export default handler("connect", (body) => connect(body), (message) => ({ ok: false, message }));
