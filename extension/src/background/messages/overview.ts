import { overview } from "~background/service";
import { failed, handler } from "~lib/messages";

export default handler("overview", () => overview(), (message) => ({ followUp: failed(message), recent: [], queue: [] }));
