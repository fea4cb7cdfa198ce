import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { Empty, ErrorNote, Loading, QueryView } from "../components/query-state";
import { formatDateTime } from "../lib/format";
import { isAdminRole, useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import { positiveInt, useUrlFilters } from "../lib/url-state";
import type { RouterInputs } from "../trpc";
import { useTRPC } from "../trpc";

type Status = NonNullable<RouterInputs["mail"]["list"]["status"]>;
export const MAIL_STATUS_LABELS: Record<Status, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  outbox: "Not sent — kept in the outbox",
  blocked: "Blocked",
  failed: "Failed",
  threaded: "Added to a conversation",
  kept: "Kept, not threaded",
};
const STATUS_CLASS: Record<Status, string> = {
  queued: "badge-warn",
  sending: "badge-warn",
  sent: "badge-ok",
  outbox: "badge-warn",
  blocked: "badge-danger",
  failed: "badge-danger",
  threaded: "badge-ok",
  kept: "",
};
const OUT_STATUSES: Status[] = ["queued", "sending", "sent", "outbox", "blocked", "failed"];
const IN_STATUSES: Status[] = ["threaded", "kept"];
const KIND_LABELS = { candidate: "To a candidate", notification: "Team notification", autoreply: "Automatic answer" } as const;

/** Admins: every stored mail, outgoing (the outbox) or incoming, with its state; one opened as plain text. */
export function OutboxPage() {
  usePageTitle("Outbox");
  const me = useMe();
  const trpc = useTRPC();
  const { params, set } = useUrlFilters();
  const direction = params.get("dir") === "in" ? "in" : "out";
  const statuses = direction === "out" ? OUT_STATUSES : IN_STATUSES;
  const status = statuses.find((s) => s === params.get("status"));
  const open = positiveInt(params.get("mail"));
  const admin = isAdminRole(me.role);
  // Paged by hand: an infinite query would add its own `direction` to the input, which mail.list uses.
  const [cursors, setCursors] = useState<{ key: string; stack: number[] }>({ key: "", stack: [] });
  const key = `${direction}:${status ?? ""}`;
  const stack = cursors.key === key ? cursors.stack : [];
  const list = useQuery({ ...trpc.mail.list.queryOptions({ direction, status, cursor: stack.at(-1), limit: 50 }), enabled: admin, placeholderData: keepPreviousData });
  if (!admin)
    return (
      <section className="narrow">
        <h1>Outbox</h1>
        <p className="notice notice-error" role="alert">
          Only admins can read the stored mail.
        </p>
      </section>
    );
  const items = list.data?.items ?? [];
  const nextCursor = list.data?.nextCursor ?? null;
  const anyKept = items.some((m) => m.status === "outbox");
  return (
    <>
      <div className="page-head">
        <h1>{direction === "out" ? "Outbox" : "Received mail"}</h1>
      </div>
      <nav className="tabs" aria-label="Mail">
        <Link to="/outbox" className={`tab${direction === "out" ? " active" : ""}`} aria-current={direction === "out" ? "page" : undefined}>
          Outgoing
        </Link>
        <Link to="/outbox?dir=in" className={`tab${direction === "in" ? " active" : ""}`} aria-current={direction === "in" ? "page" : undefined}>
          Incoming
        </Link>
      </nav>
      <div className="filters">
        <label className="field field-inline">
          <span>State</span>
          <select value={status ?? ""} onChange={(e) => set({ status: e.target.value, mail: null })}>
            <option value="">Any state</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {MAIL_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {anyKept && (
        <p className="notice notice-warn" role="status">
          No mail server is configured (SMTP_URL): outgoing mail is kept here and <strong>not sent</strong>.
        </p>
      )}
      <div className={open ? "outbox-split" : undefined}>
        {list.isPending ? (
          <Loading label="Loading mail…" />
        ) : list.error ? (
          <ErrorNote error={list.error} retry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Empty title={status ? "No mail in this state." : direction === "out" ? "No mail has been written yet." : "No mail has been received yet."} />
        ) : (
          <div>
            <table className="table mail-table">
              <caption className="sr-only">{direction === "out" ? "Outgoing mail" : "Incoming mail"}</caption>
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">{direction === "out" ? "To" : "From"}</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Kind</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <tr key={m.id} className={m.id === open ? "selected" : undefined} data-mail={m.id}>
                    <td>
                      <span className={`badge ${STATUS_CLASS[m.status]}`}>{MAIL_STATUS_LABELS[m.status]}</span>
                      {m.reason && <div className="muted small">{m.reason}</div>}
                    </td>
                    <td>{direction === "out" ? m.to : m.from}</td>
                    <td>
                      <Link to={`/outbox?${new URLSearchParams({ ...(direction === "in" ? { dir: "in" } : {}), ...(status ? { status } : {}), mail: String(m.id) })}`}>
                        {m.subject || "(no subject)"}
                      </Link>
                    </td>
                    <td>{KIND_LABELS[m.kind]}</td>
                    <td className="muted">{formatDateTime(m.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="actions">
              {stack.length > 0 && (
                <button type="button" className="button" onClick={() => setCursors({ key, stack: stack.slice(0, -1) })}>
                  Newer
                </button>
              )}
              {nextCursor !== null && (
                <button type="button" className="button" onClick={() => setCursors({ key, stack: [...stack, nextCursor] })} disabled={list.isFetching}>
                  Older
                </button>
              )}
            </div>
          </div>
        )}
        {open && <MailView mailId={open} onClose={() => set({ mail: null })} />}
      </div>
    </>
  );
}

function MailView({ mailId, onClose }: { mailId: number; onClose: () => void }) {
  const trpc = useTRPC();
  const mail = useQuery(trpc.mail.get.queryOptions({ mailId }));
  return (
    <section className="card mail-view" aria-labelledby="mail-h">
      <QueryView query={mail} loading="Loading the mail…">
        {(m) => (
          <>
            <div className="box-head">
              <h2 id="mail-h">{m.subject || "(no subject)"}</h2>
              <button type="button" className="button button-small" onClick={onClose}>
                Close
              </button>
            </div>
            <dl className="kv">
              <dt>State</dt>
              <dd>
                <span className={`badge ${STATUS_CLASS[m.status]}`}>{MAIL_STATUS_LABELS[m.status]}</span>
                {m.reason ? ` ${m.reason}` : ""}
              </dd>
              <dt>From</dt>
              <dd>{m.from}</dd>
              <dt>To</dt>
              <dd>{m.to}</dd>
              <dt>Written</dt>
              <dd>{formatDateTime(m.createdAt)}</dd>
              {m.sentAt && (
                <>
                  <dt>Sent</dt>
                  <dd>{formatDateTime(m.sentAt)}</dd>
                </>
              )}
              <dt>Attempts</dt>
              <dd>{m.attempts}</dd>
              {m.candidateId && (
                <>
                  <dt>Candidate</dt>
                  <dd>
                    <Link to={`/candidates/${m.candidateId}`}>Open the profile</Link>
                  </dd>
                </>
              )}
            </dl>
            <div className="pre mail-body" data-testid="mail-text">
              {m.text}
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}
