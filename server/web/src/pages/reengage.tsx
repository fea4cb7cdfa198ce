import { parseSearchQuery, type Segment } from "@prospector/shared/search-query";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Empty, ErrorNote, Loading, ShowMore } from "../components/query-state";
import { InvitePanel, PastSends } from "../components/reengage-invite";
import { useToast } from "../components/toast";
import { errorInfo, errorMessage } from "../lib/errors";
import { CANDIDATE_SOURCES, formatDate, plural, SOURCE_LABELS, timeAgo } from "../lib/format";
import { usePageTitle } from "../lib/page-title";
import { useSelection } from "../lib/selection";
import { DEFAULT_FILTERS, filtersFromUrl, filtersToUrl, type ReengageFilters, splitComma } from "../lib/reengage-url";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";

type Result = RouterOutputs["reengage"]["search"]["items"][number];
export type InviteSelection = { candidateIds: number[] } | { filters: ReengageFilters };

/** How a past application ended, in a few words. */
function endedAs(a: Result["applications"][number]) {
  if (a.status === "decisioned") return a.decisionName ?? "Decisioned";
  return `${a.workflow === "prospecting" ? "Prospect" : "In hiring"}: ${a.stageName}`;
}

/** A snippet as text nodes, the matching words in <mark> (never HTML from the data). */
export function Snippet({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are a fixed sequence
          <mark key={i}>{s.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are a fixed sequence
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

/**
 * Re-engage: find past people worth contacting again (applicants and prospects alike), select one, several or every
 * match, and invite them to an opening or to the careers page. The filters live in the URL.
 */
export function ReengagePage() {
  usePageTitle("Re-engage");
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const blank = [...params.keys()].length === 0;
  // A first visit searches for the seed's usual case; after that the URL says what to search for.
  const filters = blank ? DEFAULT_FILTERS : filtersFromUrl(params);
  const key = JSON.stringify(filters);
  const results = useInfiniteQuery({
    ...trpc.reengage.search.infiniteQueryOptions({ filters, limit: 25 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    retry: false,
  });
  const [inviting, setInviting] = useState<{ selection: InviteSelection; count: number } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search is a new selection (and no invite panel)
  useEffect(() => setInviting(null), [key]);

  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const total = results.data?.pages[0]?.total;
  const capped = results.data?.pages[0]?.totalCapped === true;
  const queryError = results.error && errorInfo(results.error).details?.field === "query" ? errorMessage(results.error) : null;
  const shownIds = items.map((i) => i.id);
  const sel = useSelection(key, shownIds);
  const { ids, all, allShown } = sel;
  const selection: InviteSelection | null = all ? { filters } : ids.size ? { candidateIds: [...ids] } : null;
  const selectedCount = all ? (total ?? 0) : ids.size;

  const invitePanel = inviting && (
    <InvitePanel
      selection={inviting.selection}
      selectedCount={inviting.count}
      people={items.filter((i) => all || ids.has(i.id)).map((i) => ({ id: i.id, name: i.fullName }))}
      onClose={() => setInviting(null)}
    />
  );

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Re-engage</h1>
          <p className="muted">People you already know — past applicants and prospects — who have gone quiet. Find them, then invite them to apply again.</p>
        </div>
      </div>
      <div className="reengage-grid">
        <div className="stack">
          <SearchForm filters={filters} queryError={queryError} onSearch={(f) => setParams(filtersToUrl(f))} />
          <SavedSearches filters={filters} onRun={(f) => setParams(filtersToUrl(f))} />
        </div>
        <div className="stack">
          <section className="card" aria-labelledby="results-h">
            <div className="box-head">
              <h2 id="results-h">
                {total === undefined ? "Matches" : capped ? `More than ${plural(total, "person", "people")} match` : `${plural(total, "person", "people")} ${total === 1 ? "matches" : "match"}`}
              </h2>
            </div>
            {results.isPending ? (
              <Loading label="Searching…" />
            ) : results.error ? (
              queryError ? (
                <p className="muted">Fix the search text to see who matches.</p>
              ) : (
                <ErrorNote error={results.error} retry={() => void results.refetch()} title="The search failed" />
              )
            ) : (
              // One tree for both: after a send the invited are active again and may all leave the results; the invite
              // panel keeps its place (and its summary) when the list empties.
              <>
                {items.length > 0 && (
                <section className="bulk-bar" aria-label="Selection">
                  <strong aria-live="polite">{all ? `All ${total?.toLocaleString()} matching selected` : ids.size ? `${ids.size} selected` : "None selected"}</strong>
                  {!all && total !== undefined && total > 0 && !capped && (
                    <button type="button" className="button button-small" onClick={sel.selectAllMatching}>
                      Select all {total.toLocaleString()} matching
                    </button>
                  )}
                  {capped && <span className="muted">More than {total?.toLocaleString()} match: narrow the search to select them all.</span>}
                  {selection && (
                    <>
                      <button type="button" className="button button-small button-primary" onClick={() => setInviting({ selection, count: selectedCount })}>
                        Invite…
                      </button>
                      <button
                        type="button"
                        className="button button-small button-quiet"
                        onClick={sel.clear}
                      >
                        Clear selection
                      </button>
                    </>
                  )}
                </section>
                )}
                {invitePanel}
                {items.length === 0 ? (
                  <Empty title="Nobody matches these filters.">Try fewer months without activity, or fewer credentials.</Empty>
                ) : (
                  <>
                <table className="table reengage-table">
                  <caption className="sr-only">People matching the search</caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        <input
                          type="checkbox"
                          aria-label={allShown || all ? "Unselect all shown" : "Select all shown"}
                          checked={all || allShown}
                          onChange={sel.toggleShown}
                        />
                      </th>
                      <th scope="col">Name</th>
                      <th scope="col">Why they match</th>
                      <th scope="col">Before</th>
                      <th scope="col">Last activity</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((r) => (
                      <ResultRow key={r.id} r={r} checked={all || ids.has(r.id)} disabled={all} onToggle={() => sel.toggle(r.id)} />
                    ))}
                  </tbody>
                </table>
                <ShowMore query={results} label={`Show more (${items.length.toLocaleString()} of ${total?.toLocaleString() ?? "more"} shown)`} />
                  </>
                )}
              </>
            )}
          </section>
          <PastSends />
        </div>
      </div>
    </>
  );
}

function ResultRow({ r, checked, disabled, onToggle }: { r: Result; checked: boolean; disabled: boolean; onToggle: () => void }) {
  return (
    <tr className={checked ? "selected" : undefined} data-result={r.fullName}>
      <td>
        <input type="checkbox" aria-label={`Select ${r.fullName}`} checked={checked} disabled={disabled} onChange={onToggle} />
      </td>
      <td>
        <Link to={`/candidates/${r.id}`}>{r.fullName}</Link>
        {!r.hasValidEmail && <span className="badge badge-warn">No valid email</span>}
        <div className="muted small">
          {[r.title, r.companyName].filter(Boolean).join(" at ")}
          {r.location ? ` · ${r.location}` : ""}
        </div>
      </td>
      <td className="why">
        {r.match ? (
          <>
            <span className="muted small">{r.match.field}: </span>
            <Snippet segments={r.match.segments} />
          </>
        ) : (
          <span className="muted small">{SOURCE_LABELS[r.source as keyof typeof SOURCE_LABELS] ?? r.source}</span>
        )}
      </td>
      <td>
        {r.applications.length === 0 ? (
          <span className="muted small">Never on an opening</span>
        ) : (
          <ul className="plain-list small">
            {r.applications.slice(0, 3).map((a) => (
              <li key={a.applicationId}>
                {a.openingTitle} — <span className={a.decisionKind === "hired" ? "badge badge-ok" : a.status === "decisioned" ? "badge badge-decision" : "badge"}>{endedAs(a)}</span>
                {a.decisionedAt !== null && <span className="muted"> {formatDate(a.decisionedAt)}</span>}
              </li>
            ))}
            {r.applications.length > 3 && <li className="muted">and {plural(r.applications.length - 3, "more")}</li>}
          </ul>
        )}
      </td>
      <td className="muted" title={formatDate(r.lastActivityAt)}>
        {timeAgo(r.lastActivityAt)}
      </td>
    </tr>
  );
}

const join = (xs: string[] | undefined) => (xs ?? []).join(", ");

/** The filters as a form: nothing is searched until it is sent (Enter in any field, or the button). */
function SearchForm({ filters, queryError, onSearch }: { filters: ReengageFilters; queryError: string | null; onSearch: (f: ReengageFilters) => void }) {
  const trpc = useTRPC();
  const uid = useId();
  const openings = useQuery(trpc.openings.list.queryOptions({ statuses: ["draft", "open", "on_hold", "closed", "archived"], limit: 200, withCounts: false }));
  const states = useQuery(trpc.decisionedStates.list.queryOptions({ includeRetired: true }));
  const facets = useQuery(trpc.reengage.facets.queryOptions());
  const fromFilters = (f: ReengageFilters) => ({
    query: f.query ?? "",
    titles: join(f.titles),
    skills: join(f.skills),
    locations: join(f.locations),
    source: f.sources?.[0] ?? "",
    min: f.inactiveMonthsMin === undefined ? "" : String(f.inactiveMonthsMin),
    max: f.inactiveMonthsMax === undefined ? "" : String(f.inactiveMonthsMax),
    valid: f.validEmail === true,
    opening: f.pastOpeningIds?.[0] ? String(f.pastOpeningIds[0]) : "",
    stage: f.lastStages?.[0] ?? "",
    decisions: Object.fromEntries([
      ...(f.decisionStateIds ?? []).map((id) => [String(id), "had"]),
      ...(f.excludeDecisionStateIds ?? []).map((id) => [String(id), "never"]),
    ]) as Record<string, "had" | "never">,
  });
  const [form, setForm] = useState(() => fromFilters(filters));
  const [localError, setLocalError] = useState<string | null>(null);
  const key = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the URL (back/forward, a saved search)
  useEffect(() => {
    setForm(fromFilters(filters));
    setLocalError(null);
  }, [key]);
  const monthsChoice = ["", "6", "12", "18", "24"].includes(form.min) ? form.min : "custom";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The same parser as the server's: a syntax error shows under the box before anything is sent.
    const parsed = parseSearchQuery(form.query);
    if (!parsed.ok) {
      setLocalError(parsed.error.message);
      return;
    }
    setLocalError(null);
    const num = (s: string) => (s.trim() && /^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined);
    const decisions = Object.entries(form.decisions);
    onSearch({
      query: form.query.trim() || undefined,
      titles: splitComma(form.titles),
      skills: splitComma(form.skills),
      locations: splitComma(form.locations),
      sources: form.source ? [form.source as (typeof CANDIDATE_SOURCES)[number]] : undefined,
      inactiveMonthsMin: num(form.min),
      inactiveMonthsMax: num(form.max),
      validEmail: form.valid || undefined,
      pastOpeningIds: form.opening ? [Number(form.opening)] : undefined,
      lastStages: form.stage ? [form.stage] : undefined,
      decisionStateIds: decisions.filter(([, v]) => v === "had").map(([k]) => Number(k)),
      excludeDecisionStateIds: decisions.filter(([, v]) => v === "never").map(([k]) => Number(k)),
    });
  };
  const error = localError ?? queryError;
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <form className="card form reengage-form" aria-labelledby={`${uid}-h`} onSubmit={submit}>
      <h2 id={`${uid}-h`}>Who to find</h2>
      <div className="field">
        <label htmlFor={`${uid}-q`}>Search text</label>
        <input
          id={`${uid}-q`}
          type="search"
          value={form.query}
          maxLength={500}
          placeholder='engineer AND (react OR vue) NOT manager'
          aria-invalid={error ? true : undefined}
          aria-describedby={`${uid}-q-help${error ? ` ${uid}-q-err` : ""}`}
          onChange={(e) => set("query", e.target.value)}
        />
        {error && (
          <p id={`${uid}-q-err`} className="field-error" role="alert">
            {error}
          </p>
        )}
        <p id={`${uid}-q-help`} className="muted small">
          Every word must match. AND, OR, NOT in capitals; "quoted phrases"; engin* for prefixes. Searches names, titles, skills, locations and CVs.
        </p>
      </div>
      <fieldset className="plain-fieldset">
        <legend>No activity for</legend>
        <div className="row">
          <label className="field">
            <span>At least</span>
            <select
              value={monthsChoice}
              onChange={(e) => set("min", e.target.value === "custom" ? (form.min || "9") : e.target.value)}
            >
              <option value="">Any time</option>
              <option value="6">6 months</option>
              <option value="12">12 months</option>
              <option value="18">18 months</option>
              <option value="24">24 months</option>
              <option value="custom">Other…</option>
            </select>
          </label>
          {monthsChoice === "custom" && (
            <label className="field">
              <span>Months (at least)</span>
              <input className="days-input" type="number" min={0} max={600} value={form.min} onChange={(e) => set("min", e.target.value)} />
            </label>
          )}
          <label className="field">
            <span>At most (months, optional)</span>
            <input className="days-input" type="number" min={0} max={600} value={form.max} onChange={(e) => set("max", e.target.value)} />
          </label>
        </div>
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={form.valid} onChange={(e) => set("valid", e.target.checked)} /> Only people with a valid email (one that has not bounced)
      </label>
      <p className="muted small">People who asked not to be contacted are never shown.</p>
      <label className="field">
        <span>Current or past title (any of, comma separated)</span>
        <input value={form.titles} onChange={(e) => set("titles", e.target.value)} placeholder="Data engineer, Analytics engineer" />
      </label>
      <label className="field">
        <span>Skills or tags (all of, comma separated)</span>
        <input value={form.skills} onChange={(e) => set("skills", e.target.value)} placeholder="Python, SQL" />
      </label>
      <label className="field">
        <span>Location (any of, comma separated)</span>
        <input value={form.locations} onChange={(e) => set("locations", e.target.value)} placeholder="Prague, Remote" />
      </label>
      <label className="field">
        <span>Source</span>
        <select value={form.source} onChange={(e) => set("source", e.target.value)}>
          <option value="">Any source</option>
          {CANDIDATE_SOURCES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="plain-fieldset">
        <legend>How far they got before</legend>
        <label className="field">
          <span>On the opening</span>
          <select value={form.opening} onChange={(e) => set("opening", e.target.value)}>
            <option value="">Any opening</option>
            {(openings.data?.items ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Last stage reached</span>
          <select value={form.stage} onChange={(e) => set("stage", e.target.value)}>
            <option value="">Any stage</option>
            {(facets.data?.stageNames ?? []).map((s) => (
              <option key={`${s.workflow}:${s.name}`} value={s.name}>
                {s.name} ({s.workflow === "hiring" ? "hiring" : "prospecting"})
              </option>
            ))}
          </select>
        </label>
        <p className="muted small">Past decisions</p>
        <div className="decision-grid">
          {(states.data ?? []).map((s) => (
            <div key={s.id} className="field field-inline">
              <label htmlFor={`${uid}-dec-${s.id}`}>
                {s.name}
                {s.retired ? " (retired)" : ""}
              </label>
              <select
                id={`${uid}-dec-${s.id}`}
                value={form.decisions[String(s.id)] ?? ""}
                onChange={(e) => {
                  const v = e.target.value as "" | "had" | "never";
                  setForm((f) => {
                    const d = { ...f.decisions };
                    if (v) d[String(s.id)] = v;
                    else delete d[String(s.id)];
                    return { ...f, decisions: d };
                  });
                }}
              >
                <option value="">Either</option>
                <option value="had">Had this decision</option>
                <option value="never">Never had it</option>
              </select>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button-primary">
          Search
        </button>
        <Link to="/reengage?run=1" className="button button-quiet">
          Clear all filters
        </Link>
      </div>
    </form>
  );
}

/** The user's saved searches: save the current one, run one with a click (its last run is recorded), delete. */
function SavedSearches({ filters, onRun }: { filters: ReengageFilters; onRun: (f: ReengageFilters) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const uid = useId();
  const list = useQuery(trpc.reengage.savedSearches.list.queryOptions());
  const [name, setName] = useState("");
  const refresh = () => void qc.invalidateQueries(trpc.reengage.savedSearches.list.queryFilter());
  const save = useMutation(
    trpc.reengage.savedSearches.create.mutationOptions({
      onSuccess: (s) => {
        setName("");
        refresh();
        toast.success(`Saved "${s.name}"`);
      },
    }),
  );
  const run = useMutation(trpc.reengage.savedSearches.run.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(errorMessage(e)) }));
  const remove = useMutation(trpc.reengage.savedSearches.remove.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(errorMessage(e)) }));
  const saved = useMemo(() => list.data ?? [], [list.data]);
  return (
    <section className="card" aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`}>Saved searches</h2>
      {list.error && <ErrorNote error={list.error} retry={() => void list.refetch()} />}
      {saved.length === 0 && !list.isPending && <p className="muted">None yet. Save the search you are looking at to run it again with one click.</p>}
      <ul className="plain-list saved-list">
        {saved.map((s) => (
          <li key={s.id} className="saved-item">
            <button
              type="button"
              className="link-button"
              onClick={() => {
                onRun(s.filters);
                run.mutate({ id: s.id, limit: 1 });
              }}
            >
              {s.name}
            </button>
            <span className="muted small"> {s.lastRunAt ? `last run ${timeAgo(s.lastRunAt)}` : "never run"}</span>{" "}
            <button type="button" className="button button-small button-quiet" aria-label={`Delete the saved search ${s.name}`} onClick={() => remove.mutate({ id: s.id })}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate({ name: name.trim(), filters });
        }}
      >
        <label className="field field-inline">
          <span>Save this search as</span>
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} required />
        </label>
        <button type="submit" className="button button-small" disabled={save.isPending || !name.trim()}>
          Save
        </button>
      </form>
      {save.error && (
        <p className="notice notice-error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </section>
  );
}
