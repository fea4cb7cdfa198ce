import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { PlacementPicker } from "../components/opening-picker";
import { QueryView, ShowMore } from "../components/query-state";
import { errorInfo, errorMessage } from "../lib/errors";
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportField, progressPercent } from "../lib/import-fields";
import { plural } from "../lib/format";
import { usePageTitle } from "../lib/page-title";
import { positiveInt } from "../lib/url-state";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";

type Preview = RouterOutputs["imports"]["preview"];

export function BulkUploadPage() {
  usePageTitle("Bulk upload");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [placement, setPlacement] = useState({
    openingId: positiveInt(params.get("opening")),
    workflow: params.get("workflow") === "prospecting" ? ("prospecting" as const) : ("hiring" as const),
    stageId: undefined as number | undefined,
  });
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, ImportField>>({});
  const [batchId, setBatchId] = useState<number | null>(null);

  const previewM = useMutation(
    trpc.imports.preview.mutationOptions({
      onSuccess: (p) => {
        setPreview(p);
        setMapping(p.mapping);
      },
    }),
  );
  const commitM = useMutation(trpc.imports.commit.mutationOptions({ onSuccess: (b) => setBatchId(b.batchId) }));
  const batch = useQuery({
    ...trpc.imports.get.queryOptions({ batchId: batchId ?? 0 }),
    enabled: batchId !== null,
    refetchInterval: (q) => (q.state.data?.status === "committing" || q.state.data === undefined ? 400 : false),
  });
  const done = batch.data?.status === "committed" || batch.data?.status === "failed";
  const committed = batch.data?.status === "committed";
  useEffect(() => {
    if (!committed) return;
    void qc.invalidateQueries(trpc.candidates.pathFilter());
    void qc.invalidateQueries(trpc.openings.pathFilter());
    void qc.invalidateQueries(trpc.dashboard.pathFilter());
  }, [committed, qc, trpc]);

  const runPreview = (withMapping?: Record<string, ImportField>) => {
    if (!file || !placement.openingId) return;
    setBatchId(null);
    previewM.mutate({ openingId: placement.openingId, workflow: placement.workflow, stageId: placement.stageId, fileName: file.name, csv: file.text, mapping: withMapping });
  };
  const onFile = async (f: File | undefined) => {
    setPreview(null);
    setFileError(null);
    setFile(null);
    if (!f) return;
    if (f.size > 20 * 1024 * 1024) {
      setFileError("The file is larger than 20 MB; split it into smaller files.");
      return;
    }
    setFile({ name: f.name, text: await f.text() });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    runPreview();
  };
  const mappingChanged = preview && JSON.stringify(mapping) !== JSON.stringify(preview.mapping);
  const reset = () => {
    setPreview(null);
    setBatchId(null);
    setFile(null);
    commitM.reset();
    previewM.reset();
  };

  if (batchId !== null) {
    const b = batch.data;
    return (
      <section className="narrow stack">
        <h1>Bulk upload</h1>
        {!b ? (
          <p role="status">Starting the import…</p>
        ) : b.status === "committing" || b.status === "previewed" ? (
          <div className="card">
            <h2>Importing {b.fileName || "the file"}…</h2>
            <label className="field">
              <span>
                {b.processedRows.toLocaleString()} of {b.totalRows.toLocaleString()} rows
              </span>
              <progress className="progress" max={100} value={progressPercent(b.processedRows, b.totalRows)}>
                {progressPercent(b.processedRows, b.totalRows)}%
              </progress>
            </label>
            <p className="muted">All rows are written in one transaction: if anything fails, nothing is imported.</p>
          </div>
        ) : b.status === "failed" ? (
          <div className="notice notice-error" role="alert">
            <strong>Nothing was imported.</strong> {b.error}
          </div>
        ) : (
          <div className="card" role="status" aria-labelledby="summary-h">
            <h2 id="summary-h">Import finished</h2>
            <ul className="plain-list summary">
              <li>
                <strong>{plural(b.summary?.added ?? 0, "new candidate")}</strong> added
              </li>
              <li>
                <strong>{plural(b.summary?.linked ?? 0, "existing candidate")}</strong> linked (already in the database)
                {(b.summary?.linked ?? 0) > 0 && <DownloadRows batchId={b.batchId} outcome="linked" />}
              </li>
              <li>
                <strong>{plural(b.summary?.skipped.length ?? 0, "row")}</strong> skipped
                {(b.summary?.skipped.length ?? 0) > 0 && <DownloadRows batchId={b.batchId} outcome="skipped" />}
              </li>
            </ul>
          </div>
        )}
        {/* Outside the summary's live region: pages of rows are not announced as they load. */}
        {b?.status === "committed" && (b.summary?.linked ?? 0) > 0 && <ImportRows batchId={b.batchId} outcome="linked" />}
        {b?.status === "committed" && (b.summary?.skipped.length ?? 0) > 0 && <ImportRows batchId={b.batchId} outcome="skipped" />}
        {batch.error && <p className="notice notice-error">{errorMessage(batch.error)}</p>}
        {done && (
          <div className="actions">
            <Link className="button button-primary" to={`/openings/${b?.openingId}/${b?.workflow === "prospecting" ? "prospecting" : "pipeline"}`}>
              Open the board
            </Link>
            <button type="button" className="button" onClick={reset}>
              Upload another file
            </button>
          </div>
        )}
      </section>
    );
  }

  return (
    <section className="stack">
      <div>
        <h1>Bulk upload</h1>
        <p className="muted">
          Upload a CSV of people into one stage of an opening. You map the columns and see every row's problems before anything is written; people already in
          the database are linked, not duplicated.
        </p>
      </div>
      <form className="card form narrow" onSubmit={submit}>
        <h2>1. Where they go, and the file</h2>
        <PlacementPicker idPrefix="import" {...placement} onChange={(p) => {
            setPlacement(p);
            setPreview(null);
          }} />
        <label className="field">
          <span>CSV file</span>
          <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
        {fileError && (
          <p className="notice notice-error" role="alert">
            {fileError}
          </p>
        )}
        {previewM.error && (
          <p className="notice notice-error" role="alert">
            {errorMessage(previewM.error)}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={!file || !placement.openingId || previewM.isPending}>
            {previewM.isPending ? "Checking the file…" : "Preview"}
          </button>
        </div>
      </form>
      {preview && (
        <>
          <section className="card" aria-labelledby="map-h">
            <h2 id="map-h">2. Map the columns</h2>
            {preview.warnings.map((w) => (
              <p key={w} className="notice notice-warn">
                {w}
              </p>
            ))}
            <table className="table mapping-table">
              <thead>
                <tr>
                  <th scope="col">Column in the file</th>
                  <th scope="col">First values</th>
                  <th scope="col">Prospector field</th>
                </tr>
              </thead>
              <tbody>
                {preview.headers.map((h, i) => (
                  <tr key={h}>
                    <td>{h}</td>
                    <td className="column-samples">
                      {preview.columnSamples[i]?.length ? preview.columnSamples[i].join(" · ") : <span className="muted">(empty)</span>}
                    </td>
                    <td>
                      <select aria-label={`Field for column ${h}`} value={mapping[h] ?? "ignore"} onChange={(e) => setMapping({ ...mapping, [h]: e.target.value as ImportField })}>
                        {IMPORT_FIELDS.map((f) => (
                          <option key={f} value={f}>
                            {IMPORT_FIELD_LABELS[f]}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {mappingChanged && (
              <button type="button" className="button" onClick={() => runPreview(mapping)} disabled={previewM.isPending}>
                Check again with this mapping
              </button>
            )}
          </section>
          <section className="card" aria-labelledby="preview-h">
            <h2 id="preview-h">3. Preview</h2>
            <p role="status">
              {plural(preview.totalRows, "row")} into <strong>{preview.stageName}</strong>: {plural(preview.willCreate, "new candidate")},{" "}
              {plural(preview.willLink, "existing candidate")} to link, <strong>{plural(preview.errorRows, "row")} with errors</strong>.
            </p>
            {preview.errors.length > 0 && (
              <table className="table">
                <caption className="sr-only">Rows with errors</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Field</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.errors.slice(0, 200).map((e) => (
                    <tr key={`${e.row}-${e.code}-${e.field ?? ""}`}>
                      <td>{e.row}</td>
                      <td>{e.field ? (IMPORT_FIELD_LABELS[e.field as ImportField] ?? e.field) : ""}</td>
                      <td>
                        {e.reason}
                        {e.candidateId && (
                          <>
                            {" "}
                            <Link to={`/candidates/${e.candidateId}`}>open</Link>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <details>
              <summary>First {preview.sample.length} rows as they will be read</summary>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Title · company</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((r) => (
                    <tr key={r.row}>
                      <td>{r.row}</td>
                      <td>{r.fullName}</td>
                      <td>{r.emails.join(", ")}</td>
                      <td>{[r.title, r.company].filter(Boolean).join(" · ")}</td>
                      <td>{r.outcome === "create" ? "new" : r.outcome === "link" ? "link to existing" : "error"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            {commitM.error && (
              <p className="notice notice-error" role="alert">
                {errorInfo(commitM.error).message}
              </p>
            )}
            <div className="actions">
              {preview.valid > 0 ? (
                <button
                  type="button"
                  className="button-primary"
                  disabled={commitM.isPending || Boolean(mappingChanged)}
                  onClick={() => commitM.mutate({ batchId: preview.batchId, skipInvalid: preview.errorRows > 0 })}
                >
                  {preview.errorRows > 0
                    ? `Import ${plural(preview.valid, "valid row")}, skip ${preview.errorRows} with errors`
                    : `Import ${plural(preview.valid, "row")}`}
                </button>
              ) : (
                <p className="notice notice-warn">No row can be imported: fix the file or the mapping.</p>
              )}
              {mappingChanged && <span className="muted">Check again with the new mapping first.</span>}
            </div>
          </section>
        </>
      )}
    </section>
  );
}

type RowOutcome = "linked" | "skipped";
const ROWS_PAGE = 50;

/** The file of a batch's linked or skipped rows (the server's CSV route; the session cookie signs it in). */
function DownloadRows({ batchId, outcome }: { batchId: number; outcome: RowOutcome }) {
  return (
    <>
      {" · "}
      <a href={`/exports/imports/${batchId}/rows.csv?outcome=${outcome}`} download>
        Download the {outcome} rows (CSV)
      </a>
    </>
  );
}

/** A committed batch's linked rows (to whom) or skipped rows (why), in file order, a page at a time. */
function ImportRows({ batchId, outcome }: { batchId: number; outcome: RowOutcome }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.imports.rows.infiniteQueryOptions({ batchId, outcome, limit: ROWS_PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const title = outcome === "linked" ? "Linked rows" : "Skipped rows";
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <QueryView query={list} loading={`Loading the ${outcome} rows…`}>
        {(d) => (
          <table className="table" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Name in the file</th>
                <th scope="col">{outcome === "linked" ? "Linked to" : "Candidate"}</th>
                <th scope="col">{outcome === "linked" ? "Matched by" : "Why"}</th>
              </tr>
            </thead>
            <tbody>
              {d.pages
                .flatMap((p) => p.items)
                .map((r) => (
                  <tr key={r.row}>
                    <td>{r.row}</td>
                    <td>{r.name || <span className="muted">(no name)</span>}</td>
                    <td>{r.candidateId ? <Link to={`/candidates/${r.candidateId}`}>{r.candidateName ?? `Candidate ${r.candidateId}`}</Link> : ""}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </QueryView>
      <ShowMore query={list} label={`Show more ${outcome} rows`} small />
    </section>
  );
}
