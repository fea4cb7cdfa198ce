import { listStages } from "~background/service";
import { failed, handler } from "~lib/messages";

export default handler("stages", (body) => listStages(body.openingId), failed);
