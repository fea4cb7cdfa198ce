import { beforeEach, describe, expect, it } from "vitest";
import { actorFromPortalSession } from "../src/modules/portal/portal.service";
import { getCompany } from "../src/modules/companies/companies.repo";
import { createPortalCaller, type PortalMeta } from "../src/trpc/portal";
import { outboxTransport } from "../src/mail/transport";
import { makeWorld, type World } from "./factory";
import { workerFor } from "./support/mail";

let w: World;
let slug: string;

function portalCaller(token: string | null, over: Partial<PortalMeta> = {}) {
  const jar = { token };
  const meta: PortalMeta = {
    ip: "198.51.100.4",
    csrfOk: true,
    sessionToken: token,
    setSessionCookie: (t) => {
      jar.token = t;
    },
    clearSessionCookie: () => {
      jar.token = null;
    },
    ...over,
  };
  return { jar, caller: createPortalCaller({ deps: w.deps, contact: token ? actorFromPortalSession(w.deps, token) : null, meta }) };
}

/** The newest link, as an admin reads it in the Outbox without SMTP (minted when the mail queue keeps the mail). */
async function lastLinkToken(): Promise<string> {
  await workerFor(w.deps, outboxTransport).drain();
  const m = w.deps.db.$client.prepare("SELECT text FROM mails ORDER BY id DESC LIMIT 1").get() as { text: string };
  return /#token=([\w-]+)/.exec(m.text)![1]!;
}

beforeEach(async () => {
  w = await makeWorld();
  slug = getCompany(w.deps.db, w.companyId)!.slug;
  const client = await w.as.admin.clients.create({ name: "Globex" });
  await w.as.admin.clients.createContact({ clientId: client.id, name: "Carla Client", email: "carla@globex.test" });
});

describe("portal sign-in", () => {
  it("a link from the outbox signs in once; a used, expired or unknown link is refused; staff credentials mean nothing", async () => {
    const anon = portalCaller(null).caller;
    await anon.requestLink({ slug, email: "Carla@Globex.test" });
    const token = await lastLinkToken();
    const first = portalCaller(null);
    await first.caller.redeemLink({ slug, token });
    expect(first.jar.token).toBeTruthy();
    const me = await portalCaller(first.jar.token).caller.me();
    expect(me.email).toBe("carla@globex.test");
    await expect(portalCaller(null).caller.redeemLink({ slug, token })).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    await anon.requestLink({ slug, email: "carla@globex.test" });
    const late = await lastLinkToken();
    w.deps.clock.advance(15 * 60_000 + 1);
    await expect(portalCaller(null).caller.redeemLink({ slug, token: late })).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    // An unknown address gets the same answer and no mail.
    const before = w.deps.db.$client.prepare("SELECT COUNT(*) AS n FROM mails").get() as { n: number };
    await anon.requestLink({ slug, email: "nobody@globex.test" });
    expect((w.deps.db.$client.prepare("SELECT COUNT(*) AS n FROM mails").get() as { n: number }).n).toBe(before.n);

    // Not signed in to the portal: a staff session token is no portal session.
    await expect(portalCaller("not-a-portal-session").caller.jobs()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("tokens are stored hashed; mutations need the CSRF header; deactivation ends sessions", async () => {
    await expect(portalCaller(null, { csrfOk: false }).caller.requestLink({ slug, email: "carla@globex.test" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await portalCaller(null).caller.requestLink({ slug, email: "carla@globex.test" });
    const token = await lastLinkToken();
    const rows = w.deps.db.$client.prepare("SELECT token_hash FROM portal_sign_in_tokens").all() as { token_hash: string }[];
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    const s = portalCaller(null);
    await s.caller.redeemLink({ slug, token });
    const contactId = (w.deps.db.$client.prepare("SELECT id FROM client_contacts").get() as { id: number }).id;
    await w.as.admin.clients.updateContact({ contactId, active: false });
    await expect(portalCaller(s.jar.token).caller.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((w.deps.db.$client.prepare("SELECT COUNT(*) AS n FROM portal_sessions").get() as { n: number }).n).toBe(0);
  });
});
