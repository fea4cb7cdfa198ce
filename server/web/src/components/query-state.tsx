import type { ReactNode } from "react";
import { errorMessage, isRetryable } from "../lib/errors";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="muted loading" role="status">
      {label}
    </p>
  );
}

/** The server's reason; "Try again" only when a retry can change the answer (not for a refusal such as not found). */
export function ErrorNote({ error, retry, title = "Could not load this" }: { error: unknown; retry?: () => void; title?: string }) {
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}.</strong> {errorMessage(error)}{" "}
      {retry && isRetryable(error) && (
        <button type="button" className="link-button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Loading, error (with retry) or the content: every query on every screen goes through one of these. */
export function QueryView<T>({ query, children, loading }: { query: QueryLike<T>; children: (data: T) => ReactNode; loading?: string }) {
  if (query.isPending) return <Loading label={loading} />;
  if (query.error || query.data === undefined) return <ErrorNote error={query.error} retry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The next page of an infinite list, if there is one: every paged list on every screen ends with this. */
export function ShowMore({ query, label = "Show more", small = false }: { query: PagedQuery; label?: string; small?: boolean }) {
  if (!query.hasNextPage) return null;
  return (
    <button type="button" className={small ? "button-small" : "button"} onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
      {query.isFetchingNextPage ? "Loading…" : label}
    </button>
  );
}
