import { describe, expect, it } from "vitest";
import { rejects } from "./expect-error";
import { draft, makeOpening, makeWorld, snapshot, type World } from "./factory";
import { outboxTransport } from "../src/mail/transport";
import { withProspects, workerFor } from "./support/mail";

async function withClient(w: World) {
  const client = await w.as.admin.clients.create({ name: "Globex", notes: "Pays on time" });
  const contact = await w.as.admin.clients.createContact({ clientId: client.id, name: "Carla Client", email: " Carla@Globex.test " });
  return { client, contact };
}

describe("clients and contacts", () => {
  it("admins create and edit clients and contacts; recruiters read; emails are one contact per company", async () => {
    const w = await makeWorld();
    const { client, contact } = await withClient(w);
    expect(contact).toMatchObject({ email: "carla@globex.test", active: true, invitedAt: null });
    await w.as.admin.clients.update({ clientId: client.id, name: "Globex Corp", notes: "VIP" });
    expect(await w.as.recruiter.clients.list()).toMatchObject([{ id: client.id, name: "Globex Corp", notes: "VIP", contacts: 1, activeContacts: 1 }]);
    expect((await w.as.recruiter.clients.get({ clientId: client.id })).contacts.map((c) => c.name)).toEqual(["Carla Client"]);
    const before = snapshot(w.deps.db);
    await rejects(w.as.recruiter.clients.create({ name: "Nope" }), "FORBIDDEN");
    await rejects(w.as.recruiter.clients.createContact({ clientId: client.id, name: "X", email: "x@x.test" }), "FORBIDDEN");
    await rejects(w.as.admin.clients.createContact({ clientId: client.id, name: "Dup", email: "CARLA@globex.test" }), "CONFLICT");
    await rejects(w.as.otherCompany.clients.get({ clientId: client.id }), "NOT_FOUND");
    await rejects(w.as.otherCompany.clients.update({ clientId: client.id, name: "Hijack" }), "NOT_FOUND");
    await rejects(w.as.otherCompany.clients.updateContact({ contactId: contact.id, active: false }), "NOT_FOUND");
    await rejects(w.as.otherCompany.clients.createContact({ clientId: client.id, name: "X", email: "y@y.test" }), "NOT_FOUND");
    await rejects(w.as.admin.clients.create({ name: "   " }), "BAD_REQUEST");
    expect(snapshot(w.deps.db)).toBe(before);
    expect(await w.as.otherCompany.clients.list()).toEqual([]);
  });

  it("invite queues a mail with the portal sign-in link; a deactivated contact cannot be invited", async () => {
    const w = await makeWorld();
    const { contact } = await withClient(w);
    const r = await w.as.admin.clients.inviteContact({ contactId: contact.id });
    const read = () => w.deps.db.$client.prepare("SELECT to_address AS toAddress, subject, text, status FROM mails WHERE id = ?").get(r.mailId) as Record<string, string>;
    expect(read()).toMatchObject({ toAddress: "carla@globex.test", status: "queued", subject: "You are invited to Acme Recruiting" });
    // Queued with a placeholder: the link is minted when the mail is sent (here kept in the Outbox: no SMTP).
    expect(read().text).not.toContain("token=");
    await workerFor(w.deps, outboxTransport).drain();
    const mail = read();
    // A real single-use sign-in link (stored only as a hash), and the page to ask for a new one.
    const token = /\/portal\/acme-recruiting\/signin#token=([\w-]+)/.exec(String(mail.text))?.[1];
    expect(token).toBeTruthy();
    expect(w.deps.db.$client.prepare("SELECT count(*) AS n FROM portal_sign_in_tokens WHERE token_hash = ?").get(token!)).toEqual({ n: 0 });
    expect(mail.text).toContain("http://localhost:3000/portal/acme-recruiting?email=carla%40globex.test");
    expect((await w.as.admin.clients.get({ clientId: contact.clientId })).contacts[0]!.invitedAt).toBe(r.invitedAt);
    await w.as.admin.clients.updateContact({ contactId: contact.id, active: false });
    await rejects(w.as.admin.clients.inviteContact({ contactId: contact.id }), "BAD_REQUEST");
    await rejects(w.as.recruiter.clients.inviteContact({ contactId: contact.id }), "FORBIDDEN");
  });
});

describe("sharing with the client", () => {
  async function setup() {
    const w = await makeWorld();
    const { client, contact } = await withClient(w);
    const { opening, jane, nomail, add } = await withProspects(w);
    await w.as.admin.openings.update({ openingId: opening.id, clientId: client.id });
    return { w, client, contact, opening, jane, nomail, add };
  }

  it("bulk share: shared, and a summary of who was not and why; every share is an activity; the board sees it", async () => {
    const { w, opening, jane, nomail, add } = await setup();
    const bob = await add("Bob Builder");
    const state = (await w.as.admin.decisionedStates.list({})).find((s) => s.kind === "rejected")!;
    await w.as.recruiter.applications.decide({ applicationId: bob.applicationId!, stateId: state.id });
    const noClient = await makeOpening(w, { title: "No client job" });
    const x = await w.as.recruiter.prospects.add({ requestId: crypto.randomUUID(), openingId: noClient.id, draft: draft({ fullName: "Xavier" }) });
    const ids = [jane.applicationId!, nomail.applicationId!, bob.applicationId!, x.applicationId!];
    const r = await w.as.recruiter.shares.shareMany({ applicationIds: ids });
    expect(r.shared.map((s) => s.candidateName)).toEqual(["Jane Doe", "Nora Nomail"]);
    expect(r.skipped).toEqual([{ applicationId: bob.applicationId, candidateName: "Bob Builder", reason: "decisioned" }, { applicationId: x.applicationId, candidateName: "Xavier", reason: "no_client" }]);
    const again = await w.as.recruiter.shares.shareMany({ applicationIds: [jane.applicationId!] });
    expect(again).toEqual({ shared: [], skipped: [{ applicationId: jane.applicationId, candidateName: "Jane Doe", reason: "already_shared" }] });
    const board = await w.as.recruiter.shares.ofOpening({ openingId: opening.id });
    expect(board.map((s) => s.applicationId).sort()).toEqual([jane.applicationId, nomail.applicationId].sort());
    expect(board[0]).toMatchObject({ firstViewedAt: null, viewedBy: null });
    const c = await w.as.recruiter.candidates.get({ candidateId: jane.candidateId });
    expect(c.candidate?.timeline.map((t) => t.type)).toContain("application.shared");
  });

  it("the outsider (not on the team) and another company cannot share or unshare: skipped as not visible, nothing changed", async () => {
    const { w, opening, jane } = await setup();
    const before = snapshot(w.deps.db);
    expect(await w.as.outsider.shares.shareMany({ applicationIds: [jane.applicationId!] })).toEqual({ shared: [], skipped: [{ applicationId: jane.applicationId, candidateName: null, reason: "not_visible" }] });
    expect((await w.as.otherCompany.shares.shareMany({ applicationIds: [jane.applicationId!] })).skipped[0]!.reason).toBe("not_visible");
    await rejects(w.as.outsider.shares.share({ applicationId: jane.applicationId! }), "NOT_FOUND");
    await rejects(w.as.outsider.shares.ofOpening({ openingId: opening.id }), "NOT_FOUND");
    await rejects(w.as.otherCompany.shares.portalLink({ openingId: opening.id }), "NOT_FOUND");
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("needs a client and an active contact; unshare takes it off and sharing again brings it back", async () => {
    const { w, contact, jane } = await setup();
    await w.as.admin.clients.updateContact({ contactId: contact.id, active: false });
    const e = await rejects(w.as.recruiter.shares.share({ applicationId: jane.applicationId! }), "BAD_REQUEST");
    expect(e.cause?.details).toEqual({ reason: "no_active_contact" });
    await w.as.admin.clients.updateContact({ contactId: contact.id, active: true });
    const s = await w.as.recruiter.shares.share({ applicationId: jane.applicationId!, videoUrl: "https://video.example/jane" });
    expect(s).toMatchObject({ videoUrl: "https://video.example/jane", unsharedAt: null });
    expect((await w.as.recruiter.shares.unshareMany({ applicationIds: [jane.applicationId!] })).unshared).toHaveLength(1);
    expect((await w.as.recruiter.shares.unshareMany({ applicationIds: [jane.applicationId!] })).skipped[0]!.reason).toBe("not_shared");
    expect(await w.as.recruiter.shares.details({ applicationId: jane.applicationId! })).toMatchObject({ share: null, cannotShare: null, clientName: "Globex" });
    await w.as.recruiter.shares.share({ applicationId: jane.applicationId! });
    const row = w.deps.db.$client.prepare("SELECT count(*) AS n, max(unshared_at) AS u FROM application_shares").get() as { n: number; u: number | null };
    expect(row).toEqual({ n: 1, u: null });
    const types = (await w.as.recruiter.candidates.get({ candidateId: jane.candidateId })).candidate!.timeline.map((t) => t.type);
    expect(types.filter((t) => t.startsWith("application.") && t.includes("shared"))).toEqual(["application.shared", "application.unshared", "application.shared"]);
  });

  it("profile templates: admins save them, the name is always shown, contact details are off by default", async () => {
    const { w, jane } = await setup();
    await rejects(w.as.recruiter.shares.saveProfileTemplate({ name: "Mine", fields: ["name"] }), "FORBIDDEN");
    await rejects(w.as.admin.shares.saveProfileTemplate({ name: "No name", fields: ["skills"] }), "BAD_REQUEST");
    const t = await w.as.admin.shares.saveProfileTemplate({ name: "Full", fields: ["email", "name", "phone"], isDefault: true });
    expect(await w.as.recruiter.shares.profileTemplates()).toEqual([{ id: t.id, name: "Full", fields: ["name", "email", "phone"], isDefault: true }]);
    await rejects(w.as.otherCompany.shares.saveProfileTemplate({ templateId: t.id, name: "x", fields: ["name"] }), "NOT_FOUND");
    await rejects(w.as.recruiter.shares.share({ applicationId: jane.applicationId!, profileTemplateId: t.id + 100 }), "NOT_FOUND");
    const { DEFAULT_PROFILE_FIELDS } = await import("../src/modules/shares/shares.service");
    expect(DEFAULT_PROFILE_FIELDS).not.toContain("email");
    expect(DEFAULT_PROFILE_FIELDS).not.toContain("phone");
  });

  it("the job's portal link, and sending it to the client's active contacts through the mail queue", async () => {
    const { w, contact, opening } = await setup();
    const l = await w.as.recruiter.shares.portalLink({ openingId: opening.id });
    expect(l.url).toBe(`http://localhost:3000/portal/acme-recruiting/jobs/${opening.id}`);
    expect(l.contacts.map((c) => c.id)).toEqual([contact.id]);
    expect(await w.as.recruiter.shares.sendPortalLink({ openingId: opening.id, contactIds: [contact.id], subject: l.subject, body: l.body })).toEqual({ sent: 1 });
    const m = w.deps.db.$client.prepare("SELECT to_address AS t, text FROM mails ORDER BY id DESC LIMIT 1").get() as { t: string; text: string };
    expect(m.t).toBe("carla@globex.test");
    expect(m.text).toContain(l.url);
    await rejects(w.as.recruiter.shares.sendPortalLink({ openingId: opening.id, contactIds: [contact.id + 99], subject: "x", body: "y" }), "NOT_FOUND");
  });
});

describe("company branding", () => {
  it("super admins set the portal colour (#rrggbb) and name; bad colours and other roles are refused, nothing changed", async () => {
    const w = await makeWorld();
    const c = await w.as.superAdmin.company.update({ brandColor: "#1D4ED8", portalName: "Acme Client Portal" });
    expect(c).toMatchObject({ brandColor: "#1d4ed8", portalName: "Acme Client Portal" });
    const before = snapshot(w.deps.db);
    await rejects(w.as.superAdmin.company.update({ brandColor: "red" }), "BAD_REQUEST");
    await rejects(w.as.superAdmin.company.update({ brandColor: "#12345" }), "BAD_REQUEST");
    await rejects(w.as.admin.company.update({ brandColor: "#000000" }), "FORBIDDEN");
    expect(snapshot(w.deps.db)).toBe(before);
    expect(await w.as.superAdmin.company.update({ portalName: "  " })).toMatchObject({ portalName: null });
    expect((await w.as.otherCompany.company.get()).brandColor).toBeNull();
  });
});
