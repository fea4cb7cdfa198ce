import { listOpenings } from "~background/service";
import { failed, handler } from "~lib/messages";

export default handler("openings", () => listOpenings(), failed);
