import { describe, expect, it } from "vitest";
import { draft, makeOpening, makeWorld, newRequestId } from "./factory";

describe("world factory", () => {
  it("a recruiter on the team adds a prospect that an admin then sees on the prospects tab", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const r = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ profileUrl: "https://uk.linkedin.com/in/jane-doe/" }) });
    expect(r.outcome).toBe("created");
    const list = await w.as.admin.candidates.list({ tab: "prospects" });
    expect(list.items.map((i) => i.candidate.fullName)).toEqual(["Jane Doe"]);
    expect(list.items[0]?.application?.stageName).toBe("Identified");
  });
});
