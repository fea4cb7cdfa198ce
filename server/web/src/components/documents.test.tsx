import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ME, renderApp } from "../test/render";
import type { RouterOutputs } from "../trpc";
import { DocumentsSection, MessageAttachments } from "./documents";

type Doc = RouterOutputs["documents"]["list"][number];
const doc = (id: number, over: Partial<Doc> = {}): Doc => ({
  id,
  candidateId: 5,
  kind: "resume",
  fileName: `cv-${id}.pdf`,
  format: "pdf",
  sizeBytes: 150_000,
  source: "upload",
  messageId: null,
  openingId: null,
  uploadedByName: "Rita Recruiter",
  textStatus: "done",
  createdAt: 1_700_000_000_000,
  downloadUrl: `/api/documents/${id}`,
  previewUrl: `/api/documents/${id}?view=1`,
  ...over,
});

afterEach(() => vi.unstubAllGlobals());

describe("Documents on the candidate page", () => {
  it("lists each document with its type, size, source and text state; download and preview links; remove for admins", async () => {
    const removed: unknown[] = [];
    vi.stubGlobal("confirm", () => true);
    renderApp(<DocumentsSection candidateId={5} candidateName="Jane Doe" />, {
      handlers: {
        "documents.list": () => [doc(2, { fileName: "<b>reply</b>.png", format: "other", source: "email", previewUrl: null, textStatus: "none", sizeBytes: 900 }), doc(1)],
        "documents.remove": (input) => {
          removed.push(input);
          return { removed: true };
        },
      },
    });
    const list = await screen.findByRole("list", { name: "Documents of Jane Doe" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows[0]!.textContent).toContain("<b>reply</b>.png");
    expect(rows[0]!.textContent).toContain("File · 900 B · From an email reply");
    expect(within(rows[0]!).queryByRole("link", { name: /Preview/ })).toBeNull();
    expect(rows[1]!.textContent).toContain("Resume · PDF · 146 KB · Uploaded by Rita Recruiter");
    expect(rows[1]!.textContent).toContain("Text read (searchable)");
    expect(within(rows[1]!).getByRole("link", { name: "Download cv-1.pdf" }).getAttribute("href")).toBe("/api/documents/1");
    expect(within(rows[1]!).getByRole("link", { name: /Preview cv-1.pdf/ }).getAttribute("href")).toBe("/api/documents/1?view=1");
    await userEvent.click(within(rows[1]!).getByRole("button", { name: "Remove cv-1.pdf" }));
    await waitFor(() => expect(removed).toEqual([{ documentId: 1 }]));
  });

  it("recruiters get no Remove button", async () => {
    renderApp(<DocumentsSection candidateId={5} candidateName="Jane Doe" />, { me: { ...ME, role: "recruiter" }, handlers: { "documents.list": () => [doc(1)] } });
    await screen.findByRole("link", { name: "Download cv-1.pdf" });
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
  });

  it("uploads the chosen file as multipart with the CSRF header, and shows the server's refusal", async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    let answer: () => Response = () => new Response(JSON.stringify({ document: doc(3, { fileName: "new.pdf" }) }), { status: 201 });
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return answer();
    });
    renderApp(<DocumentsSection candidateId={5} candidateName="Jane Doe" />, { handlers: { "documents.list": () => [] } });
    await screen.findByText("No documents yet.");
    const input = screen.getByLabelText("Add a document");
    await userEvent.upload(input, new File(["%PDF-1.4"], "new.pdf", { type: "application/pdf" }));
    await userEvent.selectOptions(screen.getByLabelText("Kind"), "cover_letter");
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.url).toBe("/api/candidates/5/documents");
    expect((sent[0]!.init.headers as Record<string, string>)["x-prospector-csrf"]).toBe("1");
    const body = sent[0]!.init.body as FormData;
    expect((body.get("file") as File).name).toBe("new.pdf");
    expect(body.get("kind")).toBe("cover_letter");
    answer = () => new Response(JSON.stringify({ error: { message: "The file is not a PDF, Word (.docx, .doc), OpenDocument (.odt), RTF or plain text file.", field: "file" } }), { status: 400 });
    await userEvent.upload(input, new File(["GIF89a"], "cat.pdf"));
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));
    const refusal = await screen.findByText(/^The file is not a PDF/, { selector: "p.notice-error" });
    expect(refusal.getAttribute("role")).toBe("alert");
  });

  it("a reply's attachments are listed under the message with download links", () => {
    renderApp(<MessageAttachments attachments={[doc(7, { fileName: "Jane CV.pdf", source: "email", messageId: 3 })]} />, { handlers: {} });
    const list = screen.getByRole("list", { name: "Attachments" });
    expect(within(list).getByRole("link", { name: "Jane CV.pdf" }).getAttribute("href")).toBe("/api/documents/7");
    expect(list.textContent).toContain("(PDF, 146 KB)");
  });
});
