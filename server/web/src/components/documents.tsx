import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { errorMessage } from "../lib/errors";
import { formatDate } from "../lib/format";
import { isAdminRole, useMe } from "../lib/me";
import { CSRF_HEADER, type RouterOutputs, useTRPC } from "../trpc";
import { ErrorNote, Loading } from "./query-state";
import { useToast } from "./toast";

type Doc = RouterOutputs["documents"]["list"][number];

export const FORMAT_LABELS: Record<Doc["format"], string> = {
  pdf: "PDF",
  docx: "Word",
  doc: "Word 97–2003",
  odt: "OpenDocument",
  rtf: "RTF",
  txt: "Text",
  other: "File",
};
const KIND_LABELS: Record<Doc["kind"], string> = { resume: "Resume", cover_letter: "Cover letter", other: "Other" };
const TEXT_LABELS: Record<Doc["textStatus"], string> = {
  done: "Text read (searchable)",
  pending: "Reading the text…",
  failed: "Text could not be read",
  none: "No text read for this format",
};

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function sourceOf(d: Doc): string {
  if (d.source === "email") return "From an email reply";
  if (d.source === "application") return "Sent with an application";
  return d.uploadedByName ? `Uploaded by ${d.uploadedByName}` : "Uploaded";
}

/** The largest file the server takes (it checks again, and the type from the bytes). */
const MAX_BYTES = 10 * 1024 * 1024;

/** POST /api/candidates/<id>/documents: multipart, with the CSRF header as every other change. */
async function uploadFile(candidateId: number, file: File, kind: string): Promise<Doc> {
  const body = new FormData();
  body.append("kind", kind);
  body.append("file", file, file.name);
  let res: Response;
  try {
    res = await fetch(`/api/candidates/${candidateId}/documents`, { method: "POST", body, credentials: "same-origin", headers: { [CSRF_HEADER]: "1" } });
  } catch {
    throw new Error("The server could not be reached. Check your connection and try again.");
  }
  const json = (await res.json().catch(() => null)) as { document?: Doc; error?: { message: string } } | null;
  if (!res.ok || !json?.document) throw new Error(json?.error?.message ?? `Upload failed (${res.status})`);
  return json.document;
}

/**
 * The candidate's documents: upload (PDF, Word, OpenDocument, RTF or text, up to 10 MB), list with where each
 * came from and whether its text is searchable, download or preview, and removal for admins.
 */
export function DocumentsSection({ candidateId, candidateName }: { candidateId: number; candidateName: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const me = useMe();
  const listOpts = trpc.documents.list.queryOptions({ candidateId });
  // While a text is being read, look again now and then (it takes seconds, off the request path).
  const docs = useQuery({ ...listOpts, refetchInterval: (q) => (q.state.data?.some((d) => d.textStatus === "pending") ? 3000 : false) });
  const fileRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState("resume");
  const [chosen, setChosen] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => {
    void qc.invalidateQueries(listOpts);
    void qc.invalidateQueries(trpc.candidates.get.queryFilter({ candidateId }));
  };
  const upload = useMutation({
    mutationFn: (f: File) => uploadFile(candidateId, f, kind),
    onSuccess: (d) => {
      toast.success(`${d.fileName} added`);
      setChosen(null);
      if (fileRef.current) fileRef.current.value = "";
      refresh();
    },
  });
  const remove = useMutation(
    trpc.documents.remove.mutationOptions({
      onSuccess: () => {
        toast.success("Document removed");
        refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return setProblem("Choose a file first.");
    if (chosen.size > MAX_BYTES) return setProblem(`${chosen.name} is larger than 10 MB.`);
    setProblem(null);
    upload.mutate(chosen);
  };
  const error = problem ?? (upload.error ? errorMessage(upload.error) : null);
  return (
    <section className="card documents" aria-labelledby="docs-h">
      <h2 id="docs-h">Documents</h2>
      {docs.isPending ? (
        <Loading label="Loading the documents…" />
      ) : docs.error ? (
        <ErrorNote error={docs.error} retry={() => void docs.refetch()} title="Could not load the documents" />
      ) : docs.data.length === 0 ? (
        <p className="muted">No documents yet.</p>
      ) : (
        <ul className="plain-list document-list" aria-label={`Documents of ${candidateName}`}>
          {docs.data.map((d) => (
            <li key={d.id} className="document-row" data-document={d.fileName}>
              <div className="document-main">
                <a href={d.downloadUrl} download={d.fileName} className="document-name">
                  {d.fileName}
                </a>
                <span className="muted document-meta">
                  {KIND_LABELS[d.kind]} · {FORMAT_LABELS[d.format]} · {formatSize(d.sizeBytes)} · {sourceOf(d)} · {formatDate(d.createdAt)}
                </span>
                <span className={`badge ${d.textStatus === "done" ? "badge-ok" : d.textStatus === "failed" ? "badge-warn" : ""}`}>{TEXT_LABELS[d.textStatus]}</span>
              </div>
              <span className="actions">
                {d.previewUrl && (
                  <a className="button button-small" href={d.previewUrl} target="_blank" rel="noopener noreferrer" aria-label={`Preview ${d.fileName} (opens in a new tab)`}>
                    Preview
                  </a>
                )}
                <a className="button button-small" href={d.downloadUrl} download={d.fileName} aria-label={`Download ${d.fileName}`}>
                  Download
                </a>
                {isAdminRole(me.role) && (
                  <button
                    type="button"
                    className="button-small button-danger"
                    disabled={remove.isPending}
                    aria-label={`Remove ${d.fileName}`}
                    onClick={() => {
                      if (window.confirm(`Remove ${d.fileName}? It leaves this list and the search.`)) remove.mutate({ documentId: d.id });
                    }}
                  >
                    Remove
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="form document-upload" onSubmit={submit}>
        <div className="field">
          <label htmlFor="doc-file">Add a document</label>
          <input
            id="doc-file"
            ref={fileRef}
            type="file"
            accept=".pdf,.docx,.doc,.odt,.rtf,.txt"
            aria-describedby="doc-file-hint"
            onChange={(e) => {
              setChosen(e.target.files?.[0] ?? null);
              setProblem(null);
              upload.reset();
            }}
          />
          <span id="doc-file-hint" className="muted">
            PDF, Word (.docx, .doc), OpenDocument (.odt), RTF or plain text, up to 10 MB.
          </span>
        </div>
        <div className="inline-form">
          <label className="field field-inline">
            <span>Kind</span>
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="resume">Resume</option>
              <option value="cover_letter">Cover letter</option>
              <option value="other">Other</option>
            </select>
          </label>
          <button type="submit" className="button-small button-primary" disabled={upload.isPending}>
            {upload.isPending ? "Uploading…" : "Upload"}
          </button>
        </div>
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

/** The files a candidate attached to an email reply, under that message in the thread. */
export function MessageAttachments({ attachments }: { attachments: Doc[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {attachments.map((a) => (
        <li key={a.id}>
          <a href={a.downloadUrl} download={a.fileName}>
            {a.fileName}
          </a>{" "}
          <span className="muted">
            ({FORMAT_LABELS[a.format]}, {formatSize(a.sizeBytes)})
          </span>
        </li>
      ))}
    </ul>
  );
}
