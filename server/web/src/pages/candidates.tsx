import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { Link } from "react-router";
import { PlacementPicker } from "../components/opening-picker";
import { FollowUpFilters, OpeningFilter } from "../components/filters";
import { ProspectsFollowUp } from "../components/prospects";
import { Empty, ErrorNote, Loading, ShowMore } from "../components/query-state";
import { SearchBox } from "../components/search-box";
import { errorMessage } from "../lib/errors";
import { CANDIDATE_SOURCES, type CandidateSource, SOURCE_LABELS, timeAgo } from "../lib/format";
import { usePageTitle } from "../lib/page-title";
import { positiveInt, useUrlFilters } from "../lib/url-state";
import type { RouterInputs } from "../trpc";
import { useTRPC } from "../trpc";
import { BulkShareActions } from "../components/sharing";

type Tab = "all" | "hiring" | "prospects";
const TABS: { id: Tab; label: string }[] = [
  { id: "all", label: "All" },
  { id: "hiring", label: "Hiring" },
  { id: "prospects", label: "Prospects" },
];

/** The list's API input from the URL (unknown values are ignored, so a hand-edited link still works). */
export function candidateFiltersFromUrl(params: URLSearchParams): RouterInputs["candidates"]["list"] & { tab: Tab } {
  const tab = (["all", "hiring", "prospects"] as const).find((t) => t === params.get("tab")) ?? "all";
  const source = CANDIDATE_SOURCES.find((s) => s === params.get("source"));
  const dnc = params.get("dnc");
  const rating = params.get("rating");
  return {
    tab,
    search: params.get("q")?.trim() || undefined,
    openingId: positiveInt(params.get("opening")),
    stageId: positiveInt(params.get("stage")),
    source,
    doNotContact: dnc === "yes" ? true : dnc === "no" ? false : undefined,
    needsFollowUp: tab === "prospects" && params.get("followUp") === "1" ? true : undefined,
    rating: tab === "prospects" && (rating === "shortlist" || rating === "not_a_fit") ? rating : undefined,
    limit: 50,
  };
}

export function CandidatesPage() {
  usePageTitle("Candidates");
  const trpc = useTRPC();
  const { params, get, set } = useUrlFilters();
  const input = candidateFiltersFromUrl(params);
  const prospects = input.tab === "prospects";
  const list = useInfiniteQuery({
    ...trpc.candidates.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    enabled: !prospects,
  });
  const opening = useQuery({ ...trpc.openings.get.queryOptions({ openingId: input.openingId ?? 0 }), enabled: input.openingId !== undefined });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const onSearch = useCallback((q: string) => set({ q }, { replace: true }), [set]);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const stages = opening.data
    ? input.tab === "hiring"
      ? opening.data.hiringStages
      : input.tab === "prospects"
        ? opening.data.prospectingStages
        : [...opening.data.hiringStages, ...opening.data.prospectingStages]
    : [];
  const filtered = Boolean(input.search || input.openingId || input.source || input.doNotContact !== undefined || input.needsFollowUp || input.rating);
  const ids = [...new Set(items.map((i) => i.candidate.id))];
  const allSelected = ids.length > 0 && ids.every((id) => selected.has(id));
  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const setFilter = (changes: Record<string, string | null>) => {
    setSelected(new Set());
    set(changes);
  };

  return (
    <>
      <div className="page-head">
        <h1>Candidates</h1>
        <div className="actions">
          <Link className="button" to="/import">
            Bulk upload
          </Link>
          <Link className="button button-primary" to="/candidates/new">
            Add candidate
          </Link>
        </div>
      </div>
      <nav className="tabs" aria-label="Candidate lists">
        {TABS.map((t) => {
          const next = new URLSearchParams(params);
          next.set("tab", t.id);
          next.delete("stage");
          if (t.id !== "prospects") {
            next.delete("followUp");
            next.delete("rating");
          }
          return (
            <Link key={t.id} to={`/candidates?${next}`} className={`tab${input.tab === t.id ? " active" : ""}`} aria-current={input.tab === t.id ? "page" : undefined}>
              {t.label}
            </Link>
          );
        })}
      </nav>
      <div className="filters">
        <SearchBox label="Search" value={get("q")} onSearch={onSearch} placeholder="Name, title, company, skills" />
        <OpeningFilter value={input.openingId} onChange={(opening) => setFilter({ opening, stage: null })} />
        {input.openingId !== undefined && (
          <label className="field field-inline">
            <span>Stage</span>
            <select value={input.stageId ?? ""} onChange={(e) => setFilter({ stage: e.target.value })}>
              <option value="">Any stage</option>
              {stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {input.tab === "all" ? `${s.workflow === "hiring" ? "Hiring" : "Prospecting"}: ` : ""}
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field field-inline">
          <span>Source</span>
          <select value={input.source ?? ""} onChange={(e) => setFilter({ source: e.target.value })}>
            <option value="">Any source</option>
            {CANDIDATE_SOURCES.map((s: CandidateSource) => (
              <option key={s} value={s}>
                {SOURCE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-inline">
          <span>Do not contact</span>
          <select value={get("dnc")} onChange={(e) => setFilter({ dnc: e.target.value })}>
            <option value="">Either</option>
            <option value="no">Contactable only</option>
            <option value="yes">Do not contact only</option>
          </select>
        </label>
        {input.tab === "prospects" && <FollowUpFilters needsFollowUp={input.needsFollowUp} rating={input.rating} set={setFilter} />}
        {filtered && (
          <Link to={`/candidates?tab=${input.tab}`} className="button button-quiet">
            Clear filters
          </Link>
        )}
      </div>
      {prospects ? (
        <ProspectsFollowUp input={input} showOpening filtered={filtered} clearLink="/candidates?tab=prospects" />
      ) : (
        <>
          {selected.size > 0 && <BulkBar ids={[...selected]} onDone={() => setSelected(new Set())} />}
          {selected.size > 0 && items.some((i) => i.application && selected.has(i.candidate.id)) && (
            // On a pipeline tab each row is an application: those selected can be shared with their opening's client.
            <section className="bulk-bar" aria-label="Share the selected applications with the client">
              <BulkShareActions applicationIds={items.filter((i) => i.application && selected.has(i.candidate.id)).map((i) => i.application!.applicationId)} />
            </section>
          )}
          {list.isPending ? (
            <Loading label="Loading candidates…" />
          ) : list.error ? (
            <ErrorNote error={list.error} retry={() => void list.refetch()} />
          ) : items.length === 0 ? (
            <Empty title={filtered ? "Nobody matches these filters." : input.tab === "all" ? "No candidates yet." : input.tab === "hiring" ? "Nobody is in a hiring pipeline." : "No active prospects."}>
              {filtered ? (
                <Link to={`/candidates?tab=${input.tab}`}>Clear the filters</Link>
              ) : (
                <>
                  <Link to="/candidates/new">Add a candidate by hand</Link> or <Link to="/import">upload a CSV</Link>.
                </>
              )}
            </Empty>
          ) : (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={allSelected ? "Unselect all shown" : "Select all shown"}
                        checked={allSelected}
                        onChange={() => setSelected(allSelected ? new Set() : new Set(ids))}
                      />
                    </th>
                    <th scope="col">Name</th>
                    <th scope="col">Current role</th>
                    {input.tab === "all" ? <th scope="col">Source</th> : <th scope="col">Opening · stage</th>}
                    <th scope="col">Last activity</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map(({ candidate: c, application: a }) => (
                    <tr key={a ? `a${a.applicationId}` : `c${c.id}`} className={selected.has(c.id) ? "selected" : undefined}>
                      <td>
                        <input type="checkbox" aria-label={`Select ${c.fullName}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                      </td>
                      <td>
                        <Link to={`/candidates/${c.id}`}>{c.fullName}</Link>
                        {c.doNotContact && <span className="badge badge-danger">Do not contact</span>}
                        {a?.rating === "shortlist" && <span className="badge badge-ok">Shortlist</span>}
                        {a?.rating === "not_a_fit" && <span className="badge">Not a fit</span>}
                      </td>
                      <td>
                        {c.title}
                        {c.title && c.companyName ? " at " : ""}
                        {c.companyName}
                        {c.location && <div className="muted">{c.location}</div>}
                      </td>
                      {a ? (
                        <td>
                          <Link to={`/openings/${a.openingId}/${a.workflow === "hiring" ? "pipeline" : "prospecting"}`}>{a.openingTitle}</Link> · {a.stageName}
                          {a.workflow === "prospecting" && !a.followedUp && <span className="badge badge-warn">Needs follow-up</span>}
                        </td>
                      ) : (
                        <td>{SOURCE_LABELS[c.source]}</td>
                      )}
                      <td className="muted">{timeAgo(c.lastActivityAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ShowMore query={list} label={`Show more (${items.length} shown)`} />
            </>
          )}
        </>
      )}
    </>
  );
}

/** Bulk action on the selection: put everyone selected on one opening (each refusal is reported by name). */
function BulkBar({ ids, onDone }: { ids: number[]; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [placement, setPlacement] = useState({ openingId: undefined as number | undefined, workflow: "hiring" as "hiring" | "prospecting", stageId: undefined as number | undefined });
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<{ ok: number; failed: string[] } | null>(null);
  const add = useMutation(trpc.candidates.addToOpening.mutationOptions());
  const run = async () => {
    if (!placement.openingId) return;
    let ok = 0;
    const failed: string[] = [];
    for (const candidateId of ids) {
      try {
        await add.mutateAsync({ candidateId, openingId: placement.openingId, workflow: placement.workflow, stageId: placement.stageId });
        ok++;
      } catch (e) {
        failed.push(`#${candidateId}: ${errorMessage(e)}`);
      }
    }
    setResult({ ok, failed });
    void qc.invalidateQueries(trpc.candidates.pathFilter());
    void qc.invalidateQueries(trpc.openings.pathFilter());
    if (failed.length === 0) {
      setOpen(false);
      onDone();
    }
  };
  return (
    <section className="bulk-bar" aria-label="Bulk actions">
      <strong>{ids.length} selected</strong>
      {!open ? (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Add to an opening…
        </button>
      ) : (
        <>
          <PlacementPicker idPrefix="bulk" {...placement} onChange={setPlacement} />
          <button type="button" className="button-primary" disabled={!placement.openingId || add.isPending} onClick={() => void run()}>
            Add {ids.length}
          </button>
          <button type="button" className="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </>
      )}
      <button type="button" className="button button-quiet" onClick={onDone}>
        Clear selection
      </button>
      {result && (
        <p className={`notice ${result.failed.length ? "notice-warn" : "notice-ok"}`} role="status">
          Added {result.ok}.{result.failed.length ? ` Not added: ${result.failed.join("; ")}` : ""}
        </p>
      )}
    </section>
  );
}
