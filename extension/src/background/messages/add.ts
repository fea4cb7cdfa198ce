import { addProspect } from "~background/service";
import { handler } from "~lib/messages";

export default handler("add", (body) => addProspect(body), (message) => ({ state: "error", message }));
