import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { Link } from "react-router";
import { OpeningsTable } from "../components/openings-table";
import { Empty, ErrorNote, Loading, ShowMore } from "../components/query-state";
import { SearchBox } from "../components/search-box";
import { OPENING_STATUSES, type OpeningStatus, STATUS_LABELS } from "../lib/format";
import { isAdminRole, useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import { useUrlFilters } from "../lib/url-state";
import { useTRPC } from "../trpc";

/** `?status=open,on_hold` → the statuses; missing means "everything but archived". */
export function parseStatuses(raw: string): OpeningStatus[] | undefined {
  if (raw === "all") return undefined;
  const picked = raw.split(",").filter((s): s is OpeningStatus => (OPENING_STATUSES as string[]).includes(s));
  return picked.length ? picked : ["draft", "open", "on_hold", "closed"];
}

export function OpeningsPage() {
  usePageTitle("Openings");
  const me = useMe();
  const trpc = useTRPC();
  const { get, set } = useUrlFilters();
  const status = get("status");
  const q = get("q");
  const mine = get("mine") === "1";
  const list = useInfiniteQuery(
    trpc.openings.list.infiniteQueryOptions(
      { statuses: parseStatuses(status), search: q || undefined, mine: mine || undefined, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const onSearch = useCallback((text: string) => set({ q: text }, { replace: true }), [set]);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="page-head">
        <h1>Openings</h1>
        {isAdminRole(me.role) && (
          <Link className="button button-primary" to="/openings/new">
            New opening
          </Link>
        )}
      </div>
      <div className="filters">
        <SearchBox label="Search openings" value={q} onSearch={onSearch} placeholder="Title, department, location" />
        <label className="field field-inline">
          <span>Status</span>
          <select value={status || ""} onChange={(e) => set({ status: e.target.value })}>
            <option value="">All but archived</option>
            {OPENING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
            <option value="all">Every status</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={mine} onChange={(e) => set({ mine: e.target.checked ? "1" : "" })} /> Only my hiring teams
        </label>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorNote error={list.error} retry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={q || status || mine ? "No opening matches these filters." : "There are no openings yet."}>
          {q || status || mine ? (
            <Link to="/openings">Clear the filters</Link>
          ) : isAdminRole(me.role) ? (
            <Link to="/openings/new">Create the first opening</Link>
          ) : (
            "An admin creates openings and puts you on their hiring team."
          )}
        </Empty>
      ) : (
        <>
          <OpeningsTable items={items} detailed />
          <ShowMore query={list} label="Show more openings" />
        </>
      )}
    </>
  );
}
