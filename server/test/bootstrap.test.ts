import { describe, expect, it } from "vitest";
import { actorFromSession } from "../src/modules/auth/auth.service";
import { bootstrap } from "../src/seed";
import { createCallerFactory } from "../src/trpc/init";
import { appRouter } from "../src/trpc/router";
import { rejects } from "./expect-error";
import { callerFor, fakeMeta, makeDeps } from "./factory";

async function signIn(deps: ReturnType<typeof makeDeps>, email: string, password: string) {
  const meta = fakeMeta({ authVia: null });
  await createCallerFactory(appRouter)({ deps, actor: null, meta }).auth.signIn({ email, password });
  if (!meta.cookies.token) throw new Error("no session cookie was set");
  const actor = actorFromSession(deps, meta.cookies.token);
  if (!actor) throw new Error("the session does not resolve");
  return { actor, token: meta.cookies.token };
}

describe("bootstrap: the first super admin", () => {
  it("a generated (printed) password is one-time: everything but changing it is refused until changed", async () => {
    const deps = makeDeps();
    deps.config.demoData = false;
    const lines: string[] = [];
    await bootstrap(deps, (l) => lines.push(l));
    const printed = lines.find((l) => l.includes("password:"))?.match(/password:\s+(\S+)/)?.[1];
    expect(printed).toBeDefined();
    expect(lines.join("\n")).toMatch(/one-time/);

    const { actor, token } = await signIn(deps, "admin@example.com", printed!);
    expect(actor.mustChangePassword).toBe(true);
    const admin = callerFor(deps, actor);
    expect(await admin.auth.me()).toMatchObject({ role: "super_admin", mustChangePassword: true });
    const refused = await rejects(admin.openings.list({}), "PRECONDITION_FAILED");
    expect(refused.message).toMatch(/one-time password/);
    await rejects(admin.users.create({ email: "x@example.com", name: "X", role: "admin" }), "PRECONDITION_FAILED");

    await admin.auth.changePassword({ currentPassword: printed!, newPassword: "the-admins-own-password" });
    const after = callerFor(deps, actorFromSession(deps, token)!);
    expect((await after.auth.me()).mustChangePassword).toBe(false);
    await expect(after.openings.list({})).resolves.toBeDefined();
  });

  it("a password the operator chose in PROSPECTOR_ADMIN_PASSWORD is their own: no change is forced", async () => {
    const deps = makeDeps();
    deps.config.demoData = false;
    deps.config.bootstrapAdmin = { email: "ops@example.com", password: "operator-chosen-password" };
    await bootstrap(deps, () => {});
    const { actor } = await signIn(deps, "ops@example.com", "operator-chosen-password");
    expect(actor.mustChangePassword).toBe(false);
    await expect(callerFor(deps, actor).openings.list({})).resolves.toBeDefined();
  });
});
