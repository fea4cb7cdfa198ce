import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../lib/errors";
import { timeAgo } from "../lib/format";
import { useTRPC } from "../trpc";
import { Empty, ErrorNote, Loading } from "./query-state";
import { useToast } from "./toast";

/** The bell in the top bar: a live unread count (notifications.onCount over SSE) and the latest notifications. */
export function NotificationBell() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const initial = useQuery(trpc.notifications.unreadCount.queryOptions());
  const live = useSubscription(
    trpc.notifications.onCount.subscriptionOptions(undefined, {
      // A new count may mean new notifications: the open list follows.
      onData: () => void qc.invalidateQueries(trpc.notifications.list.pathFilter()),
    }),
  );
  const unread = live.data ?? initial.data?.unread ?? 0;
  const list = useQuery({ ...trpc.notifications.list.queryOptions({ limit: 15 }), enabled: open });
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: (r) => {
        qc.setQueryData(trpc.notifications.unreadCount.queryKey(), { unread: r.unread });
        void qc.invalidateQueries(trpc.notifications.list.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const items = list.data?.items ?? [];
  return (
    <div className="bell" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls="notifications-panel"
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        onClick={() => setOpen((o) => !o)}
      >
        <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="bell-count" aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <section id="notifications-panel" className="bell-panel" aria-label="Notifications">
          <div className="bell-head">
            <h2>Notifications</h2>
            <button type="button" className="button button-small" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
              Mark all read
            </button>
          </div>
          {list.isPending ? (
            <Loading label="Loading notifications…" />
          ) : list.error ? (
            <ErrorNote error={list.error} retry={() => void list.refetch()} />
          ) : items.length === 0 ? (
            <Empty title="No notifications yet." />
          ) : (
            <ul className="bell-list">
              {items.map((n) => {
                const to = n.candidateId ? `/candidates/${n.candidateId}${n.applicationId ? `#thread-${n.applicationId}` : ""}` : "/inbox";
                return (
                  <li key={n.id} className={n.read ? undefined : "unread"}>
                    <Link
                      to={to}
                      onClick={() => {
                        if (!n.read) markRead.mutate({ notificationIds: [n.id] });
                        setOpen(false);
                      }}
                    >
                      <span className="bell-title">
                        {!n.read && <span className="sr-only">Unread: </span>}
                        {n.title}
                      </span>
                      {n.body && <span className="bell-body">{n.body}</span>}
                      <span className="muted bell-when">{timeAgo(n.createdAt)}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
          <p className="bell-foot">
            <Link to="/inbox" onClick={() => setOpen(false)}>
              Open the inbox
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}
