import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link, Navigate, useParams } from "react-router";
import { OpeningFilter } from "../components/filters";
import { Empty, ErrorNote, Loading, ShowMore } from "../components/query-state";
import { formatDateTime, timeAgo } from "../lib/format";
import { usePageTitle } from "../lib/page-title";
import { positiveInt, useUrlFilters } from "../lib/url-state";
import { useTRPC } from "../trpc";
import { NotFoundPage } from "./not-found";

/**
 * `/conversations/<application>`: the address the hiring team's notification mails used to give for "open it".
 * Opens the candidate's page at that application's thread (where every conversation lives in the UI).
 */
export function ConversationLinkPage() {
  const applicationId = positiveInt(useParams().applicationId);
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.conversations.get.queryOptions({ applicationId: applicationId ?? 0 }), enabled: applicationId !== undefined });
  if (applicationId === undefined) return <NotFoundPage />;
  if (q.isPending) return <Loading label="Opening the conversation…" />;
  if (q.error) return <ErrorNote error={q.error} retry={() => void q.refetch()} title="Could not open this conversation" />;
  return <Navigate to={`/candidates/${q.data.candidate.id}#thread-${applicationId}`} replace />;
}

/** Conversations with messages, newest first, with unread counts; live as messages arrive (<LiveUpdates>). */
export function InboxPage() {
  usePageTitle("Inbox");
  const trpc = useTRPC();
  const { params, set } = useUrlFilters();
  const input = { openingId: positiveInt(params.get("opening")), unreadOnly: params.get("unread") === "1" ? true : undefined, limit: 30 };
  const inbox = useInfiniteQuery({
    ...trpc.conversations.inbox.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    staleTime: 0,
  });
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const unreadTotal = inbox.data?.pages[0]?.unreadTotal ?? 0;
  const filtered = input.openingId !== undefined || input.unreadOnly;
  return (
    <>
      <div className="page-head">
        <h1>
          Inbox {unreadTotal > 0 && <span className="badge badge-warn">{unreadTotal.toLocaleString()} unread</span>}
        </h1>
      </div>
      <div className="filters">
        <OpeningFilter value={input.openingId} onChange={(opening) => set({ opening })} />
        <label className="check">
          <input type="checkbox" checked={input.unreadOnly === true} onChange={(e) => set({ unread: e.target.checked ? "1" : null })} /> Unread only
        </label>
        {filtered && (
          <Link to="/inbox" className="button button-quiet">
            Clear filters
          </Link>
        )}
      </div>
      {inbox.isPending ? (
        <Loading label="Loading conversations…" />
      ) : inbox.error ? (
        <ErrorNote error={inbox.error} retry={() => void inbox.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={filtered ? "No conversation matches these filters." : "No conversations yet."}>
          {filtered ? <Link to="/inbox">Clear the filters</Link> : "Messages to and from candidates appear here, one conversation per application."}
        </Empty>
      ) : (
        <>
          <ul className="inbox" aria-label="Conversations">
            {items.map((c) => (
              <li key={c.conversationId} className={c.unread > 0 ? "unread" : undefined} data-conversation={c.candidate.fullName}>
                <Link to={`/candidates/${c.candidate.id}#thread-${c.applicationId ?? "general"}`} className="inbox-link">
                  <span className="inbox-who">
                    <strong>{c.candidate.fullName}</strong> <span className="muted">· {c.opening?.title ?? "General conversation"}</span>
                  </span>
                  <span className="inbox-preview">
                    {c.lastMessage.authorType === "candidate" ? "" : "Team: "}
                    {c.lastMessage.preview}
                  </span>
                  <span className="inbox-when muted" title={formatDateTime(c.lastMessage.at)}>
                    {timeAgo(c.lastMessage.at)}
                  </span>
                  {c.unread > 0 ? (
                    <span className="badge badge-warn">{c.unread} unread</span>
                  ) : (
                    <span className="sr-only">read</span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
          <ShowMore query={inbox} />
        </>
      )}
    </>
  );
}
