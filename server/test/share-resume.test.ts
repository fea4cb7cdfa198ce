import { afterAll, describe, expect, it } from "vitest";
import { receiveMail } from "../src/mail/inbound";
import { stopExtractor } from "../src/modules/documents/documents.extract";
import { getCompany } from "../src/modules/companies/companies.repo";
import { uploadDocument } from "../src/modules/documents/documents.service";
import { actorFromPortalSession, portalSignInLink } from "../src/modules/portal/portal.service";
import { createPortalCaller, type PortalMeta } from "../src/trpc/portal";
import { rejects } from "./expect-error";
import { draft, makeOpening, makeWorld, newRequestId, snapshot, type World } from "./factory";
import { incoming, pdfBytes, replyWithAttachments, withDataDir } from "./support/documents";
import { FakeTransport, workerFor } from "./support/mail";

afterAll(() => stopExtractor());

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

/**
 * The share panel offers, and sharing accepts, only a resume the sharer may see: a live document of that candidate,
 * in a document format (not an image that came with an email reply), and, for a recruiter, not one that came with
 * an opening whose hiring team they are not on (the documents' own visibility rule).
 */
async function setup() {
  const w = await makeWorld();
  withDataDir(w.deps);
  const client = await w.as.admin.clients.create({ name: "Globex" });
  await w.as.admin.clients.createContact({ clientId: client.id, name: "Carla Client", email: "carla@globex.test" });
  // Opening A: the recruiter is on its team and it has the client. Opening B: the admin's alone.
  const a = await makeOpening(w, { title: "Data Engineer", clientId: client.id });
  const b = await makeOpening(w, { title: "Confidential search", teamUserIds: [] });
  const jane = draft({ fullName: "Jane Doe", emails: ["jane@example.com"], profileUrl: "https://www.linkedin.com/in/jane-doe" });
  const onA = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: a.id, draft: jane });
  const onB = await w.as.admin.prospects.add({ requestId: newRequestId(), openingId: b.id, draft: jane });
  expect(onB.candidateId).toBe(onA.candidateId);
  const bob = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: a.id, draft: draft({ fullName: "Bob Builder" }) });

  // Jane's replies in each opening's conversation, with files attached: they belong to that opening.
  const transport = new FakeTransport();
  const replyWith = async (who: World["as"]["admin"], applicationId: number, parts: Parameters<typeof replyWithAttachments>[2]) => {
    await who.conversations.post({ applicationId, body: "Could you send your CV?" });
    await workerFor(w.deps, transport).drain();
    const out = transport.sent.at(-1)!;
    expect((await receiveMail(w.deps, replyWithAttachments(out.replyTo!, out.messageId, parts))).outcome).toBe("threaded");
  };
  await replyWith(w.as.admin, onB.applicationId!, [{ name: "Jane for B.pdf", type: "application/pdf", bytes: await pdfBytes(["Jane Doe", "confidential"]) }]);
  await replyWith(w.as.recruiter, onA.applicationId!, [
    { name: "Jane for A.pdf", type: "application/pdf", bytes: await pdfBytes(["Jane Doe", "data"]) },
    { name: "cat.png", type: "image/png", bytes: PNG },
  ]);
  const upload = async (candidateId: number, fileName: string) =>
    (await uploadDocument(w.deps, w.recruiter, { candidateId, file: await incoming(w.deps, fileName, await pdfBytes([fileName])) })).id;
  const uploaded = await upload(onA.candidateId, "Jane upload.pdf");
  const removed = await upload(onA.candidateId, "Jane old.pdf");
  await w.as.admin.documents.remove({ documentId: removed });
  const bobs = await upload(bob.candidateId, "Bob.pdf");

  const docs = await w.as.admin.documents.list({ candidateId: onA.candidateId });
  const id = (name: string) => docs.find((d) => d.fileName === name)!.id;
  return { w, app: onA.applicationId!, ids: { forB: id("Jane for B.pdf"), forA: id("Jane for A.pdf"), cat: id("cat.png"), uploaded, removed, bobs } };
}

/** The client's contact, signed in to the portal through a real single-use link. */
async function signedInContact(w: World) {
  const contact = w.deps.db.$client.prepare("SELECT id FROM client_contacts").get() as { id: number };
  const slug = getCompany(w.deps.db, w.companyId)!.slug;
  const url = w.deps.db.transaction((tx) => portalSignInLink(tx, w.deps, { id: contact.id, companyId: w.companyId }, slug));
  const jar = { token: null as string | null };
  const meta: PortalMeta = { ip: "198.51.100.3", csrfOk: true, sessionToken: null, setSessionCookie: (t) => (jar.token = t), clearSessionCookie: () => (jar.token = null) };
  await createPortalCaller({ deps: w.deps, contact: null, meta }).redeemLink({ slug, token: /#token=([\w-]+)$/.exec(url)![1]! });
  return createPortalCaller({ deps: w.deps, contact: actorFromPortalSession(w.deps, jar.token!), meta: { ...meta, sessionToken: jar.token } });
}

describe("the resume a share shows the client", () => {
  it("the share panel offers the documents the sharer may see, in a document format: no images from replies, nothing removed", async () => {
    const { w, app } = await setup();
    const names = async (who: World["as"]["admin"]) => (await who.shares.details({ applicationId: app })).documents.map((d) => d.fileName).sort();
    expect(await names(w.as.recruiter)).toEqual(["Jane for A.pdf", "Jane upload.pdf"]);
    // An admin sees every opening, so also the one that came with opening B; still no image, nothing removed.
    expect(await names(w.as.admin)).toEqual(["Jane for A.pdf", "Jane for B.pdf", "Jane upload.pdf"]);
  });

  it("sharing refuses a resume the sharer may not see, a removed one, another candidate's, or an image; nothing changes", async () => {
    const { w, app, ids } = await setup();
    const before = snapshot(w.deps.db);
    await rejects(w.as.recruiter.shares.share({ applicationId: app, resumeDocumentId: ids.forB }), "NOT_FOUND");
    await rejects(w.as.recruiter.shares.share({ applicationId: app, resumeDocumentId: ids.removed }), "NOT_FOUND");
    await rejects(w.as.recruiter.shares.share({ applicationId: app, resumeDocumentId: ids.bobs }), "NOT_FOUND");
    await rejects(w.as.recruiter.shares.share({ applicationId: app, resumeDocumentId: ids.cat }), "BAD_REQUEST");
    await rejects(w.as.admin.shares.share({ applicationId: app, resumeDocumentId: ids.cat }), "BAD_REQUEST");
    await rejects(w.as.otherCompany.shares.share({ applicationId: app, resumeDocumentId: ids.forA }), "NOT_FOUND");
    expect(snapshot(w.deps.db)).toBe(before);

    expect((await w.as.recruiter.shares.share({ applicationId: app, resumeDocumentId: ids.forA }))?.resumeDocumentId).toBe(ids.forA);
    expect((await w.as.recruiter.shares.share({ applicationId: app, resumeDocumentId: ids.uploaded }))?.resumeDocumentId).toBe(ids.uploaded);
    // The admin may pick the one from opening B: they see it.
    expect((await w.as.admin.shares.share({ applicationId: app, resumeDocumentId: ids.forB }))?.resumeDocumentId).toBe(ids.forB);
  });

  it("the portal shows no image as the resume, even of a share made before the rule", async () => {
    const { w, app, ids } = await setup();
    await w.as.recruiter.shares.share({ applicationId: app, resumeDocumentId: ids.forA });
    const portal = await signedInContact(w);
    expect((await portal.candidate({ applicationId: app })).resume).toMatchObject({ fileName: "Jane for A.pdf", format: "pdf" });
    w.deps.db.$client.prepare("UPDATE application_shares SET resume_document_id = ?").run(ids.cat);
    expect((await portal.candidate({ applicationId: app })).resume).toBeNull();
  });
});
