import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useCallback, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../lib/errors";
import { plural, timeAgo } from "../lib/format";
import { useSelection } from "../lib/selection";
import { positiveInt, useUrlFilters } from "../lib/url-state";
import type { RouterInputs, RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { BulkShareActions } from "./sharing";
import { FollowUpFilters } from "./filters";
import { Empty, ErrorNote, Loading, ShowMore } from "./query-state";
import { SearchBox } from "./search-box";
import { useToast } from "./toast";

type ListInput = RouterInputs["candidates"]["list"];
type Filter = RouterInputs["prospects"]["count"]["filter"];
type Preview = RouterOutputs["prospects"]["previewMessage"];
type SendResult = RouterOutputs["prospects"]["sendMessage"];
type Skipped = Preview["skipped"];
type Rating = "shortlist" | "not_a_fit";

/** Ticked rows, or every prospect the filter matches (sent to the server as the filter, not as ids). */
export type Selection = { kind: "ids"; ids: number[] } | { kind: "all"; filter: Filter };

export const SKIP_REASONS = { no_email: "no email address", do_not_contact: "do not contact", decisioned: "already decisioned" } as const;

/** The prospects list input as the server's selection filter (the same matches, all pages). */
export function filterOf(input: ListInput): Filter {
  return {
    openingId: input.openingId,
    stageId: input.stageId,
    needsFollowUp: input.needsFollowUp,
    rating: input.rating,
    search: input.search,
    source: input.source,
    doNotContact: input.doNotContact,
  };
}

/**
 * The follow-up list: prospects (active applications in prospecting) with their rating and follow-up flag,
 * selection of one, several or every match, and a template message to the selection after a preview.
 */
export function ProspectsFollowUp({ input, showOpening, filtered, clearLink }: { input: ListInput; showOpening: boolean; filtered: boolean; clearLink: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const listInput: ListInput = { ...input, tab: "prospects" };
  const list = useInfiniteQuery(trpc.candidates.list.infiniteQueryOptions(listInput, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const filter = filterOf(listInput);
  const count = useQuery(trpc.prospects.count.queryOptions({ filter }));
  // The selection a message is being written for (kept while the list refreshes after sending).
  const [sending, setSending] = useState<{ selection: Selection; count: number } | null>(null);
  const key = JSON.stringify(filter);

  const refresh = () => {
    void qc.invalidateQueries(trpc.candidates.pathFilter());
    void qc.invalidateQueries(trpc.prospects.pathFilter());
    void qc.invalidateQueries(trpc.dashboard.pathFilter());
    void qc.invalidateQueries(trpc.openings.pathFilter());
  };
  const onError = (e: unknown) => toast.error(errorMessage(e));
  const setFollowUp = useMutation(trpc.applications.setFollowUp.mutationOptions({ onSuccess: refresh, onError }));
  const rate = useMutation(trpc.applications.rate.mutationOptions({ onSuccess: refresh, onError }));

  const items = (list.data?.pages.flatMap((p) => p.items) ?? []).filter((i) => i.application);
  const shownIds = items.map((i) => i.application!.applicationId);
  // A new filter is a new list: the old selection does not carry over.
  const sel = useSelection(key, shownIds);
  const { ids, all, allShown } = sel;
  const total = count.data?.count;
  const selection: Selection | null = all ? { kind: "all", filter } : ids.size > 0 ? { kind: "ids", ids: [...ids] } : null;
  const selectedCount = all ? (total ?? 0) : ids.size;
  const clear = () => {
    sel.clear();
    setSending(null);
  };

  if (list.isPending) return <Loading label="Loading prospects…" />;
  if (list.error) return <ErrorNote error={list.error} retry={() => void list.refetch()} />;
  if (items.length === 0)
    return (
      <Empty title={filtered ? "No prospect matches these filters." : "No active prospects."}>
        {filtered ? <Link to={clearLink}>Clear the filters</Link> : "Add prospects with the Chrome extension, by hand or from a CSV."}
      </Empty>
    );

  return (
    <div className="stack">
      <section className="bulk-bar" aria-label="Selection">
        <strong aria-live="polite">
          {all ? `All ${total?.toLocaleString() ?? ""} matching selected` : ids.size > 0 ? `${ids.size} selected` : "None selected"}
        </strong>
        {!all && total !== undefined && total > 0 && !count.data?.tooMany && (
          <button type="button" className="button button-small" onClick={sel.selectAllMatching}>
            Select all {total.toLocaleString()} matching
          </button>
        )}
        {count.data?.tooMany && <span className="muted">More than {count.data.max.toLocaleString()} match: narrow the filter to select them all.</span>}
        {selection && (
          <>
            <button type="button" className="button button-small button-primary" onClick={() => setSending({ selection, count: selectedCount })} disabled={sending !== null}>
              Send message…
            </button>
            {selection.kind === "ids" && (
              <>
                <button type="button" className="button button-small" disabled={setFollowUp.isPending} onClick={() => setFollowUp.mutate({ applicationIds: selection.ids, followedUp: true })}>
                  Mark followed up
                </button>
                <button type="button" className="button button-small" disabled={rate.isPending} onClick={() => rate.mutate({ applicationIds: selection.ids, rating: "shortlist" })}>
                  Shortlist
                </button>
                <button type="button" className="button button-small" disabled={rate.isPending} onClick={() => rate.mutate({ applicationIds: selection.ids, rating: "not_a_fit" })}>
                  Not a fit
                </button>
                <BulkShareActions applicationIds={selection.ids} />
              </>
            )}
            <button type="button" className="button button-quiet button-small" onClick={clear}>
              Clear selection
            </button>
          </>
        )}
      </section>
      {sending && (
        <SendMessage
          selection={sending.selection}
          selectedCount={sending.count}
          onClose={() => setSending(null)}
          onSent={() => {
            refresh();
            sel.clear();
          }}
        />
      )}
      <table className="table prospects-table">
        <caption className="sr-only">Prospects</caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label={allShown ? "Unselect all shown" : "Select all shown"}
                checked={all || allShown}
                onChange={sel.toggleShown}
              />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Current role</th>
            {showOpening && <th scope="col">Opening</th>}
            <th scope="col">Stage</th>
            <th scope="col">Rating</th>
            <th scope="col">Follow-up</th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {items.map(({ candidate: c, application }) => {
            const a = application!;
            const checked = all || ids.has(a.applicationId);
            const rateTo = (r: Rating) => rate.mutate({ applicationIds: [a.applicationId], rating: a.rating === r ? null : r });
            return (
              <tr key={a.applicationId} className={checked ? "selected" : undefined} data-prospect={c.fullName}>
                <td>
                  <input type="checkbox" aria-label={`Select ${c.fullName}`} checked={checked} disabled={all} onChange={() => sel.toggle(a.applicationId)} />
                </td>
                <td>
                  <Link to={`/candidates/${c.id}`}>{c.fullName}</Link>
                  {c.doNotContact && <span className="badge badge-danger">Do not contact</span>}
                </td>
                <td>
                  {c.title}
                  {c.title && c.companyName ? " at " : ""}
                  {c.companyName}
                </td>
                {showOpening && (
                  <td>
                    <Link to={`/openings/${a.openingId}/prospects`}>{a.openingTitle}</Link>
                  </td>
                )}
                <td>{a.stageName}</td>
                <td>
                  <span className="toggle-group">
                    <button
                      type="button"
                      className={`button button-small toggle${a.rating === "shortlist" ? " on-ok" : ""}`}
                      aria-pressed={a.rating === "shortlist"}
                      aria-label={`Shortlist ${c.fullName}`}
                      title="Shortlist"
                      onClick={() => rateTo("shortlist")}
                    >
                      <span aria-hidden="true">★ </span>Shortlist
                    </button>
                    <button
                      type="button"
                      className={`button button-small toggle${a.rating === "not_a_fit" ? " on-muted" : ""}`}
                      aria-pressed={a.rating === "not_a_fit"}
                      aria-label={`Not a fit: ${c.fullName}`}
                      title="Not a fit for this job"
                      onClick={() => rateTo("not_a_fit")}
                    >
                      <span aria-hidden="true">✕ </span>Not a fit
                    </button>
                  </span>
                </td>
                <td>
                  {/* The words and the look both say the state; the name includes the visible words (and the
                      person's name), and aria-pressed says on or off. */}
                  <button
                    type="button"
                    className={`button button-small toggle followup-flag${a.followedUp ? " on-ok" : ""}`}
                    aria-pressed={a.followedUp}
                    data-flag={c.fullName}
                    onClick={() => setFollowUp.mutate({ applicationIds: [a.applicationId], followedUp: !a.followedUp })}
                  >
                    {a.followedUp ? (
                      <>
                        <span aria-hidden="true">✓ </span>Followed up
                      </>
                    ) : (
                      "Not followed up"
                    )}
                    <span className="sr-only">: {c.fullName}</span>
                  </button>
                </td>
                <td className="muted">{timeAgo(c.lastActivityAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ShowMore query={list} label={`Show more (${items.length} of ${total?.toLocaleString() ?? "more"} shown)`} />
    </div>
  );
}

const selectionInput = (s: Selection) => (s.kind === "all" ? { filter: s.filter } : { applicationIds: s.ids });

/** Pick a template, preview it for a real recipient (count and who is skipped), then send; a summary after. */
export function SendMessage({ selection, selectedCount, onClose, onSent }: { selection: Selection; selectedCount: number; onClose: () => void; onSent: () => void }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.templates.list.queryOptions());
  const [templateId, setTemplateId] = useState<number | undefined>(undefined);
  const [markFollowedUp, setMarkFollowedUp] = useState(true);
  const [remind, setRemind] = useState(false);
  const [days, setDays] = useState("3");
  const [result, setResult] = useState<SendResult | null>(null);
  const preview = useMutation(trpc.prospects.previewMessage.mutationOptions());
  const send = useMutation(trpc.prospects.sendMessage.mutationOptions());
  const [frozen] = useState(selection);
  const sel = selectionInput(frozen);
  const daysN = Number(days);
  const daysOk = !remind || (Number.isInteger(daysN) && daysN >= 1 && daysN <= 90);


  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (templateId === undefined || !preview.data || !daysOk) return;
    send.mutate(
      { selection: sel, templateId, markFollowedUp, remindAfterDays: remind ? daysN : undefined },
      {
        onSuccess: (r) => {
          setResult(r);
          onSent();
        },
      },
    );
  };

  if (result)
    return (
      <section className="card send-panel" aria-labelledby="sent-h">
        <h2 id="sent-h">Message sent</h2>
        <p role="status" className="notice notice-ok">
          Sent to {plural(result.sent, "prospect")}.{markFollowedUp && result.sent > 0 ? " They are marked as followed up." : ""}
          {remind && result.sent > 0 ? ` You will be reminded if nobody replies in ${plural(daysN, "day")}.` : ""}
        </p>
        <SkipList skipped={result.skipped} title={`Skipped ${plural(result.skipped.length, "prospect")}`} />
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </section>
    );

  return (
    <form className="card send-panel form" aria-labelledby="send-h" onSubmit={submit}>
      <h2 id="send-h">Send a message to {selection.kind === "all" ? `all ${selectedCount.toLocaleString()} matching` : plural(selectedCount, "selected prospect")}</h2>
      <label className="field">
        <span>Template</span>
        <select value={templateId ?? ""} onChange={(e) => {
            const id = e.target.value ? Number(e.target.value) : undefined;
            setTemplateId(id);
            if (id !== undefined) preview.mutate({ selection: sel, templateId: id });
            else preview.reset();
          }} disabled={templates.isPending}>
          <option value="">{templates.isPending ? "Loading templates…" : "Choose a template…"}</option>
          {(templates.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {templates.error && <ErrorNote error={templates.error} retry={() => void templates.refetch()} />}
      {preview.isPending && <Loading label="Preparing the preview…" />}
      {preview.error && <ErrorNote error={preview.error} title="No preview" />}
      {preview.data && <PreviewBox p={preview.data} />}
      <label className="check">
        <input type="checkbox" checked={markFollowedUp} onChange={(e) => setMarkFollowedUp(e.target.checked)} /> Mark them as followed up
      </label>
      <div className="remind-row">
        <label className="check">
          <input type="checkbox" checked={remind} onChange={(e) => setRemind(e.target.checked)} /> Remind me if there is no reply in
        </label>
        <label className="field field-inline">
          <span className="sr-only">Days without a reply</span>
          <input type="number" min={1} max={90} className="days-input" value={days} disabled={!remind} onChange={(e) => setDays(e.target.value)} aria-invalid={!daysOk} />
        </label>
        <span>days</span>
      </div>
      {!daysOk && (
        <p className="notice notice-error" role="alert">
          Choose between 1 and 90 days.
        </p>
      )}
      {send.error && <ErrorNote error={send.error} title="Not sent" />}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!preview.data || preview.data.willSend === 0 || send.isPending || !daysOk}>
          {send.isPending ? "Sending…" : preview.data ? `Send to ${plural(preview.data.willSend, "prospect")}` : "Send"}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function PreviewBox({ p }: { p: Preview }) {
  return (
    <section className="preview" aria-labelledby="preview-h">
      <h3 id="preview-h">Preview</h3>
      <p>
        <strong>{plural(p.willSend, "prospect")}</strong> of {p.total.toLocaleString()} will get this message.
      </p>
      <SkipList skipped={p.skipped} title={`${plural(p.skipped.length, "prospect")} will be skipped`} />
      {p.sample ? (
        <div className="mail-preview">
          <p className="muted">As {p.sample.candidateName} will get it:</p>
          <p>
            <strong>Subject:</strong> {p.sample.subject}
          </p>
          <div className="pre mail-body">{p.sample.text}</div>
        </div>
      ) : (
        <p className="notice notice-warn">Nobody in this selection can be written to.</p>
      )}
    </section>
  );
}

export function SkipList({ skipped, title }: { skipped: Skipped; title: string }) {
  if (skipped.length === 0) return null;
  return (
    <div className="notice notice-warn skip-list">
      <strong>{title}:</strong>
      <ul>
        {skipped.slice(0, 50).map((s) => (
          <li key={s.applicationId}>
            <Link to={`/candidates/${s.candidateId}`}>{s.candidateName}</Link> — {SKIP_REASONS[s.reason]}
          </li>
        ))}
        {skipped.length > 50 && <li>and {plural(skipped.length - 50, "other")}</li>}
      </ul>
    </div>
  );
}

/** One opening's prospects for follow-up: its own filters (in the URL), then the list. */
export function OpeningProspects({ opening }: { opening: RouterOutputs["openings"]["get"] }) {
  const { params, set } = useUrlFilters();
  const rating = params.get("rating");
  const input: ListInput = {
    tab: "prospects",
    openingId: opening.id,
    search: params.get("q")?.trim() || undefined,
    stageId: positiveInt(params.get("stage")),
    needsFollowUp: params.get("followUp") === "1" ? true : undefined,
    rating: rating === "shortlist" || rating === "not_a_fit" ? rating : undefined,
    limit: 50,
  };
  const onSearch = useCallback((q: string) => set({ q }, { replace: true }), [set]);
  const filtered = Boolean(input.search || input.stageId || input.needsFollowUp || input.rating);
  const base = `/openings/${opening.id}/prospects`;
  return (
    <div className="stack">
      <div className="filters">
        <SearchBox label="Search" value={params.get("q") ?? ""} onSearch={onSearch} placeholder="Name, title, company, skills" />
        <label className="field field-inline">
          <span>Stage</span>
          <select value={input.stageId ?? ""} onChange={(e) => set({ stage: e.target.value })}>
            <option value="">Any stage</option>
            {opening.prospectingStages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <FollowUpFilters needsFollowUp={input.needsFollowUp} rating={input.rating} set={set} />
        {filtered && (
          <Link to={base} className="button button-quiet">
            Clear filters
          </Link>
        )}
      </div>
      <ProspectsFollowUp input={input} showOpening={false} filtered={filtered} clearLink={base} />
    </div>
  );
}
