import { lookup } from "~background/service";
import { failed, handler } from "~lib/messages";

export default handler("lookup", (body) => lookup(body), failed);
