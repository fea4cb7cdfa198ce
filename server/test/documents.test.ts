import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { receiveMail } from "../src/mail/inbound";
import { stopExtractor } from "../src/modules/documents/documents.extract";
import { sniffBuffer } from "../src/modules/documents/documents.formats";
import { uploadDocument } from "../src/modules/documents/documents.service";
import { documentFile, putBuffer, sweepOrphanDocuments } from "../src/modules/documents/documents.store";
import { AppError } from "../src/lib/errors";
import { rejects } from "./expect-error";
import { draft, makeOpening, makeWorld, newRequestId, type World } from "./factory";
import { docxBytes, incoming, pdfBytes, replyWithAttachments, storedFiles, textWorker, withDataDir } from "./support/documents";
import { FakeTransport, withProspects, workerFor } from "./support/mail";

afterAll(() => stopExtractor());

/** A service call (not through tRPC) that must fail with this AppError code and message. */
async function refused(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).message).toMatch(message);
}

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

async function world() {
  const w = await makeWorld();
  const dir = withDataDir(w.deps);
  const o = await makeOpening(w);
  const jane = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: "Jane Doe", emails: ["jane@example.com"] }) });
  const upload = async (fileName: string, bytes: Buffer, actor = w.admin, candidateId = jane.candidateId) =>
    uploadDocument(w.deps, actor, { candidateId, file: await incoming(w.deps, fileName, bytes) });
  return { w, dir, opening: o, jane, upload };
}

const rows = (w: World) => w.deps.db.$client.prepare("SELECT id, candidate_id AS candidateId, format, source, text_status AS textStatus, removed_at AS removedAt FROM documents ORDER BY id").all();
const tempFiles = (dir: string) => (fs.existsSync(path.join(dir, "documents", "tmp")) ? fs.readdirSync(path.join(dir, "documents", "tmp")) : []);

describe("document types are told from the bytes, never the name", () => {
  it("knows PDF, DOCX, DOC, ODT, RTF and plain text; refuses images, binaries and ZIPs that are not Word files", async () => {
    const ole = Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(512)]);
    const odt = Buffer.concat([Buffer.from("504b0304", "hex"), Buffer.alloc(26), Buffer.from("mimetypeapplication/vnd.oasis.opendocument.text")]);
    const zip = Buffer.concat([Buffer.from("504b0304", "hex"), Buffer.alloc(26), Buffer.from("photos/cat.jpg")]);
    expect(sniffBuffer(await pdfBytes(["x"]))).toBe("pdf");
    expect(sniffBuffer(await docxBytes(["x"]))).toBe("docx");
    expect(sniffBuffer(ole)).toBe("doc");
    expect(sniffBuffer(odt)).toBe("odt");
    expect(sniffBuffer(Buffer.from("{\\rtf1\\ansi Hello}"))).toBe("rtf");
    expect(sniffBuffer(Buffer.from("Jane Doe\nEngineer — Brno\n"))).toBe("txt");
    expect(sniffBuffer(PNG)).toBeNull();
    expect(sniffBuffer(zip)).toBeNull();
    expect(sniffBuffer(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04]))).toBeNull();
    expect(sniffBuffer(Buffer.from("<html>\u0007</html>"))).toBeNull();
  });
});

describe("uploading documents", () => {
  it("keeps the file under its SHA-256 (never the uploaded name), once for the same bytes; the metadata in SQLite", async () => {
    const { w, dir, upload, opening } = await world();
    const john = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: opening.id, draft: draft({ fullName: "John Roe" }) });
    const pdf = await pdfBytes(["Jane Doe", "Senior engineer"]);
    const d = await upload("../../etc/Jane CV.pdf", pdf, w.recruiter);
    expect(d).toMatchObject({ fileName: "Jane CV.pdf", format: "pdf", kind: "resume", source: "upload", sizeBytes: pdf.length, uploadedByName: "Rita Recruiter", textStatus: "pending" });
    expect(d.downloadUrl).toBe(`/api/documents/${d.id}`);
    expect(d.previewUrl).toBe(`/api/documents/${d.id}?view=1`);
    // The same bytes again for Jane: the same document. For John: a document of his, the same file on disk.
    expect((await upload("again.pdf", pdf)).id).toBe(d.id);
    const j = await upload("john.pdf", pdf, w.admin, john.candidateId);
    expect(j.id).not.toBe(d.id);
    const files = storedFiles(dir);
    expect(files).toHaveLength(1);
    const sha = w.deps.db.$client.prepare("SELECT sha256 FROM documents WHERE id = ?").pluck().get(d.id) as string;
    expect(files[0]).toBe(documentFile(w.deps, sha));
    expect(fs.readFileSync(files[0]!).equals(pdf)).toBe(true);
    expect(tempFiles(dir)).toEqual([]);
    // An activity on the candidate's timeline.
    const c = await w.as.admin.candidates.get({ candidateId: d.candidateId });
    expect(c.candidate!.timeline.some((t) => t.type === "document.added")).toBe(true);
  });

  it("refuses a file of another type whatever its name, an empty one and one over 10 MB, with a clear message; nothing is kept", async () => {
    const { w, dir, upload } = await world();
    await refused(upload("cv.pdf", PNG), "BAD_REQUEST", /not a PDF, Word \(\.docx, \.doc\), OpenDocument \(\.odt\), RTF or plain text file/);
    await refused(upload("cv.txt", Buffer.alloc(0)), "BAD_REQUEST", /empty/);
    const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(10 * 1024 * 1024)]);
    await refused(upload("big.pdf", big), "BAD_REQUEST", /larger than 10 MB/);
    expect(rows(w)).toEqual([]);
    expect(storedFiles(dir)).toEqual([]);
    expect(tempFiles(dir)).toEqual([]);
  });

  it("another company's candidate, or a merged one, is not found; nothing is kept", async () => {
    const { w, dir, jane } = await world();
    const file = await incoming(w.deps, "cv.txt", Buffer.from("hello"));
    await refused(uploadDocument(w.deps, w.otherCompany, { candidateId: jane.candidateId, file }), "NOT_FOUND");
    expect(rows(w)).toEqual([]);
    expect(storedFiles(dir)).toEqual([]);
  });
});

describe("listing and removing", () => {
  it("lists newest first; only admins remove; a removed document leaves the list and the download", async () => {
    const { w, upload, jane } = await world();
    const a = await upload("a.txt", Buffer.from("first"));
    const b = await upload("b.txt", Buffer.from("second"), w.recruiter);
    expect((await w.as.recruiter.documents.list({ candidateId: jane.candidateId })).map((d) => d.id)).toEqual([b.id, a.id]);
    await rejects(w.as.recruiter.documents.remove({ documentId: a.id }), "FORBIDDEN");
    await w.as.admin.documents.remove({ documentId: a.id });
    expect((await w.as.recruiter.documents.list({ candidateId: jane.candidateId })).map((d) => d.id)).toEqual([b.id]);
    await rejects(w.as.admin.documents.remove({ documentId: a.id }), "NOT_FOUND");
    expect(rows(w)).toMatchObject([{ id: a.id, removedAt: expect.any(Number) }, { id: b.id, removedAt: null }]);
    const c = await w.as.admin.candidates.get({ candidateId: jane.candidateId });
    expect(c.candidate!.timeline.some((t) => t.type === "document.removed")).toBe(true);
  });

  it("a document that came with an opening (an application, a reply) is hidden from recruiters not on its team", async () => {
    const { w, jane } = await world();
    const other = await w.as.admin.openings.create({ title: "Secret opening" });
    const { addDocumentTx } = await import("../src/modules/documents/documents.service");
    const { putBuffer } = await import("../src/modules/documents/documents.store");
    const blob = await putBuffer(w.deps, Buffer.from("secret cv"));
    const d = w.deps.db.transaction((tx) =>
      addDocumentTx(tx, { companyId: w.companyId, candidateId: jane.candidateId, blob, fileName: "cv.txt", format: "txt", kind: "resume", source: "application", openingId: other.id }, w.deps.clock.now()),
    );
    expect((await w.as.admin.documents.list({ candidateId: jane.candidateId })).map((x) => x.id)).toEqual([d.documentId]);
    expect(await w.as.recruiter.documents.list({ candidateId: jane.candidateId })).toEqual([]);
    await rejects(w.as.recruiter.documents.remove({ documentId: d.documentId }), "NOT_FOUND");
  });

  it("merging two candidates moves the documents to the one kept", async () => {
    const { w, upload, opening, jane } = await world();
    const dup = await w.as.admin.prospects.add({ requestId: newRequestId(), openingId: (await w.as.admin.openings.create({ title: "Other", prospectingEnabled: true })).id, draft: draft({ fullName: "Jane D." }) });
    const d = await upload("cv.txt", Buffer.from("Jane's cv"), w.admin, dup.candidateId);
    await w.as.admin.candidates.merge({ targetId: jane.candidateId, sourceId: dup.candidateId });
    expect((await w.as.admin.documents.list({ candidateId: jane.candidateId })).map((x) => x.id)).toEqual([d.id]);
    void opening;
  });
});

describe("text extraction feeds the candidate search", () => {
  it("reads PDF and DOCX text off the request path, records it, and free-text search finds the person by their CV", async () => {
    const { w, upload, jane, opening } = await world();
    const john = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: opening.id, draft: draft({ fullName: "John Roe" }) });
    const pdf = await upload("jane.pdf", await pdfBytes(["Jane Doe", "Built a zeppelin telemetry pipeline in Rust"]));
    const docx = await upload("john.docx", await docxBytes(["John Roe", "Quarkus and hovercraft firmware"]), w.admin, john.candidateId);
    const txt = await upload("notes.txt", Buffer.from("Speaks Esperanto fluently"));
    expect([pdf.textStatus, docx.textStatus, txt.textStatus]).toEqual(["pending", "pending", "pending"]);
    // Not searchable before its text is read.
    expect((await w.as.admin.candidates.list({ search: "zeppelin" })).items).toEqual([]);
    expect(await textWorker(w.deps).drain()).toBe(3);
    const texts = w.deps.db.$client.prepare("SELECT document_id AS id, text FROM document_texts ORDER BY document_id").all() as { id: number; text: string }[];
    expect(texts.map((t) => t.id)).toEqual([pdf.id, docx.id, txt.id]);
    expect(texts[0]!.text).toContain("zeppelin telemetry pipeline");
    expect(texts[1]!.text).toContain("hovercraft firmware");
    const statuses = (await w.as.admin.documents.list({ candidateId: jane.candidateId })).map((d) => d.textStatus);
    expect(statuses).toEqual(["done", "done"]);
    // The candidates list and the re-engagement search, free text without a column filter.
    expect((await w.as.admin.candidates.list({ search: "zeppelin" })).items.map((c) => c.candidate.id)).toEqual([jane.candidateId]);
    expect((await w.as.admin.candidates.list({ search: "hovercraft" })).items.map((c) => c.candidate.id)).toEqual([john.candidateId]);
    expect((await w.as.admin.reengage.search({ filters: { query: "esperanto" } })).items.map((c) => c.id)).toEqual([jane.candidateId]);
    // Removed: no longer found by its text.
    await w.as.admin.documents.remove({ documentId: pdf.id });
    expect((await w.as.admin.candidates.list({ search: "zeppelin" })).items).toEqual([]);
  });

  it("a CV tied to an opening a recruiter may not see never makes its person match their search; the team and admins find it", async () => {
    const { w, jane } = await world();
    const { addDocumentTx } = await import("../src/modules/documents/documents.service");
    const secret = await makeOpening(w, { title: "Secret opening" });
    // The outsider is on no team; the recruiter is on the secret opening's (makeOpening puts them there).
    const zed = await w.as.admin.candidates.create({ draft: draft({ fullName: "Zed Zero", title: "Engineer" }) });
    const tied = async (candidateId: number, text: string, openingId: number | null) => {
      const blob = await putBuffer(w.deps, Buffer.from(text));
      return w.deps.db.transaction((tx) =>
        addDocumentTx(tx, { companyId: w.companyId, candidateId, blob, fileName: "cv.txt", format: "txt", kind: "resume", source: "application", openingId }, w.deps.clock.now()),
      ).documentId;
    };
    const hidden = await tied(zed.candidateId, "Ornithopter maintenance lead; zeppelin rigging", secret.id);
    await tied(jane.candidateId, "General CV: zeppelin enthusiast", null);
    await textWorker(w.deps).drain();
    const list = async (who: keyof World["as"], search: string) => (await w.as[who].candidates.list({ search })).items.map((c) => c.candidate.id).sort();
    const reengage = async (who: keyof World["as"], query: string, more: Record<string, unknown> = {}) =>
      (await w.as[who].reengage.search({ filters: { query, ...more } })).items.map((c) => c.id).sort();
    // A word only in the hidden CV: no match for the outsider, in either search; a match for the team and an admin.
    expect(await list("outsider", "ornithopter")).toEqual([]);
    expect(await reengage("outsider", "ornithopter")).toEqual([]);
    expect(await reengage("outsider", "ornithopter OR nothingatall")).toEqual([]);
    for (const who of ["admin", "recruiter"] as const) {
      expect(await list(who, "ornithopter")).toEqual([zed.candidateId]);
      expect(await reengage(who, "ornithopter")).toEqual([zed.candidateId]);
      // With a field filter, which still applies to the profile.
      expect(await reengage(who, "ornithopter", { titles: ["engineer"] })).toEqual([zed.candidateId]);
      expect(await reengage(who, "ornithopter", { titles: ["pilot"] })).toEqual([]);
    }
    // Why it matched: the CV's words around the match, named by its file (the profile has no "ornithopter").
    const [hit] = (await w.as.recruiter.reengage.search({ filters: { query: "ornithopter" } })).items;
    expect(hit?.match?.field).toBe("CV (cv.txt)");
    expect(hit?.match?.segments.filter((s) => s.match).map((s) => s.text)).toEqual(["Ornithopter"]);
    expect((await w.as.outsider.reengage.search({ filters: { query: "zeppelin" } })).items[0]?.match?.field).toBe("CV (cv.txt)");
    // Driven by a past application (the search walks that opening's people and checks the text per person).
    await w.as.admin.candidates.addToOpening({ candidateId: zed.candidateId, openingId: secret.id, workflow: "hiring" });
    expect(await reengage("recruiter", "ornithopter", { pastOpeningIds: [secret.id] })).toEqual([zed.candidateId]);
    expect(await reengage("recruiter", "ornithopter NOT zeppelin", { pastOpeningIds: [secret.id] })).toEqual([]);
    expect((await w.as.recruiter.reengage.search({ filters: { query: "ornithopter", pastOpeningIds: [secret.id] } })).total).toBe(1);
    // A word in both: the outsider finds only the person whose CV they may see; each person once.
    expect(await list("outsider", "zeppelin")).toEqual([jane.candidateId]);
    expect(await reengage("outsider", "zeppelin")).toEqual([jane.candidateId]);
    expect(await reengage("admin", "zeppelin")).toEqual([jane.candidateId, zed.candidateId].sort());
    expect((await w.as.admin.reengage.search({ filters: { query: "zeppelin" } })).total).toBe(2);
    // Removed: nobody finds it by its text any more.
    await w.as.admin.documents.remove({ documentId: hidden });
    expect(await list("admin", "ornithopter")).toEqual([]);
    expect(await reengage("admin", "ornithopter")).toEqual([]);
  });

  it("the same bytes read before are not read again: the text is copied at once", async () => {
    const { w, upload, opening } = await world();
    const john = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: opening.id, draft: draft({ fullName: "John Roe" }) });
    const bytes = await pdfBytes(["Shared zeppelin cv"]);
    await upload("a.pdf", bytes);
    await textWorker(w.deps).drain();
    const again = await upload("b.pdf", bytes, w.admin, john.candidateId);
    expect(again.textStatus).toBe("done");
    expect(await textWorker(w.deps).drain()).toBe(0);
    expect((await w.as.admin.candidates.list({ search: "zeppelin" })).items).toHaveLength(2);
  });

  it("a broken PDF is marked failed, not retried forever; formats without a reader say none", async () => {
    const { w, upload } = await world();
    const broken = await upload("broken.pdf", Buffer.from("%PDF-1.7\nthis is not really a pdf\n%%EOF"));
    const rtf = await upload("cv.rtf", Buffer.from("{\\rtf1\\ansi Hello}"));
    expect(rtf.textStatus).toBe("none");
    await textWorker(w.deps).drain();
    expect(rows(w)).toMatchObject([{ id: broken.id, textStatus: "failed" }, { id: rtf.id, textStatus: "none" }]);
    expect(w.deps.db.$client.prepare("SELECT status FROM jobs WHERE kind = 'document.text'").pluck().all()).toEqual(["done"]);
  });
});

describe("attachments of inbound replies", () => {
  it("keeps the candidate's files as their documents, with the message; listed on the message and on the candidate", async () => {
    const w = await makeWorld();
    const dir = withDataDir(w.deps);
    const p = await withProspects(w);
    const transport = new FakeTransport();
    await w.as.recruiter.conversations.post({ applicationId: p.jane.applicationId!, body: "Could you send your CV?" });
    await workerFor(w.deps, transport).drain();
    const out = transport.sent[0]!;
    const pdf = await pdfBytes(["Jane Doe", "Airship navigation"]);
    const raw = replyWithAttachments(out.replyTo!, out.messageId, [
      { name: "Jane CV.pdf", type: "application/pdf", bytes: pdf },
      { name: "cat.png", type: "image/png", bytes: PNG },
      { name: "logo.png", type: "image/png", bytes: PNG, inline: "logo@sig" },
    ]);
    const r = await receiveMail(w.deps, raw);
    expect(r.outcome).toBe("threaded");
    // Received again (a resend): nothing new.
    expect((await receiveMail(w.deps, raw)).outcome).toBe("duplicate");
    const thread = await w.as.recruiter.conversations.get({ applicationId: p.jane.applicationId! });
    const reply = thread.messages.find((m) => m.authorType === "candidate")!;
    expect(reply.attachments.map((a) => [a.fileName, a.format, a.source, a.messageId])).toEqual([
      ["Jane CV.pdf", "pdf", "email", reply.id],
      ["cat.png", "other", "email", reply.id],
    ]);
    const docs = await w.as.recruiter.documents.list({ candidateId: p.jane.candidateId });
    expect(docs.map((d) => d.fileName).sort()).toEqual(["Jane CV.pdf", "cat.png"]);
    expect(docs.find((d) => d.format === "other")!.previewUrl).toBeNull();
    expect(storedFiles(dir)).toHaveLength(2);
    // The PDF's text is read like an upload's.
    await textWorker(w.deps).drain();
    expect((await w.as.recruiter.candidates.list({ search: "airship" })).items.map((c) => c.candidate.id)).toEqual([p.jane.candidateId]);
  });
});

describe("no orphan files in the documents store", () => {
  async function replyAfter(w: World, decide: boolean) {
    const p = await withProspects(w);
    const transport = new FakeTransport();
    await w.as.recruiter.conversations.post({ applicationId: p.jane.applicationId!, body: "Could you send your CV?" });
    await workerFor(w.deps, transport).drain();
    if (decide) {
      const state = (await w.as.admin.decisionedStates.list({})).find((s) => s.kind === "rejected")!;
      await w.as.recruiter.applications.decide({ applicationId: p.jane.applicationId!, stateId: state.id });
    }
    const out = transport.sent[0]!;
    return replyWithAttachments(out.replyTo!, out.messageId, [{ name: "Jane CV.pdf", type: "application/pdf", bytes: await pdfBytes(["Jane Doe"]) }]);
  }

  it("a reply kept aside (after a rejection) stores none of its attachments, nor does it again when resent", async () => {
    const w = await makeWorld();
    const dir = withDataDir(w.deps);
    const raw = await replyAfter(w, true);
    expect(await receiveMail(w.deps, raw)).toMatchObject({ outcome: "kept", reason: "after rejection" });
    expect((await receiveMail(w.deps, raw)).outcome).toBe("duplicate");
    expect(storedFiles(dir)).toEqual([]);
    expect(tempFiles(dir)).toEqual([]);
    expect(rows(w)).toEqual([]);
  });

  it("the sweep removes files no row names once untouched for an hour (and broken-off temporary files); a named file, a fresh one and one used again stay", async () => {
    const { w, dir, upload } = await world();
    const named = await upload("cv.pdf", await pdfBytes(["Named"]));
    const namedFile = documentFile(w.deps, w.deps.db.$client.prepare("SELECT sha256 FROM documents WHERE id = ?").pluck().get(named.id) as string);
    const orphan = await putBuffer(w.deps, Buffer.from("an upload refused after its bytes were kept"));
    const fresh = await putBuffer(w.deps, Buffer.from("written a moment ago, its row not yet committed"));
    const reused = await putBuffer(w.deps, Buffer.from("an old orphan that a new upload is about to name"));
    fs.mkdirSync(path.join(dir, "documents", "tmp"), { recursive: true });
    const part = path.join(dir, "documents", "tmp", "0123456789abcdef01234567.part");
    fs.writeFileSync(part, "half an upload");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const f of [namedFile, documentFile(w.deps, orphan.sha256), documentFile(w.deps, reused.sha256), part]) fs.utimesSync(f, twoHoursAgo, twoHoursAgo);
    // The same bytes stored again: they are used again and touched, so the sweep leaves them to the row to come.
    expect(await putBuffer(w.deps, Buffer.from("an old orphan that a new upload is about to name"))).toEqual(reused);
    const r = await sweepOrphanDocuments(w.deps);
    expect(r.removed).toBe(2);
    expect(fs.existsSync(documentFile(w.deps, orphan.sha256))).toBe(false);
    expect(fs.existsSync(part)).toBe(false);
    for (const f of [namedFile, documentFile(w.deps, fresh.sha256), documentFile(w.deps, reused.sha256)]) expect(fs.existsSync(f)).toBe(true);
    // Nothing more to do on a second pass.
    expect((await sweepOrphanDocuments(w.deps)).removed).toBe(0);
    // With a shorter age, the fresh orphan goes too; the named file never does.
    expect((await sweepOrphanDocuments(w.deps, { olderThanMs: 0 })).removed).toBe(2);
    expect(fs.existsSync(namedFile)).toBe(true);
    expect(storedFiles(dir)).toEqual([namedFile]);
  });
});
