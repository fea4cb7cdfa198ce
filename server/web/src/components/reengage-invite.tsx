import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { Link } from "react-router";
import { formatDateTime, plural } from "../lib/format";
import type { InviteSelection } from "../pages/reengage";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { Empty, ErrorNote, Loading, ShowMore } from "./query-state";

type Preview = RouterOutputs["reengage"]["previewInvite"];
type Sent = RouterOutputs["reengage"]["invite"];

export const INVITE_SKIP_LABELS = {
  no_email: "no email address",
  bounced: "every address bounced",
  do_not_contact: "do not contact",
  already_on_opening: "already on that opening",
  recently_contacted: "written to lately",
} as const;

const CAREERS = "careers";
/** The send's idempotency key (crypto.randomUUID needs a secure context; getRandomValues does not). */
const newRequestId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

function SkipSummary({ skipped, people, title }: { skipped: Record<string, number>; people: Preview["skippedPeople"]; title: string }) {
  const total = Object.values(skipped).reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  return (
    <div className="notice notice-warn skip-list">
      <strong>
        {title} {plural(total, "person", "people")}:
      </strong>{" "}
      {Object.entries(skipped)
        .map(([reason, n]) => `${n.toLocaleString()} ${INVITE_SKIP_LABELS[reason as keyof typeof INVITE_SKIP_LABELS] ?? reason}`)
        .join(", ")}
      .
      <details>
        <summary>Who</summary>
        <ul>
          {people.slice(0, 50).map((p) => (
            <li key={p.candidateId}>
              <Link to={`/candidates/${p.candidateId}`}>{p.candidateName}</Link> — {INVITE_SKIP_LABELS[p.reason]}
            </li>
          ))}
          {total > 50 && <li>and {plural(total - Math.min(50, people.length), "other")}</li>}
        </ul>
      </details>
    </div>
  );
}

/**
 * Invite the selection: an open opening or the careers page, a template ("Invitation to re-apply" by default), how
 * recent a message skips someone; a preview as a real person of the selection with who is skipped and when the
 * throttled mails leave; then send, and a summary.
 */
export function InvitePanel({
  selection,
  selectedCount,
  people,
  onClose,
}: {
  selection: InviteSelection;
  selectedCount: number;
  people: { id: number; name: string }[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const uid = useId();
  const openings = useQuery(trpc.openings.list.queryOptions({ statuses: ["open"], limit: 200, withCounts: false }));
  const templates = useQuery(trpc.templates.list.queryOptions());
  const [target, setTarget] = useState("");
  const [templateId, setTemplateId] = useState<number | undefined>(undefined);
  const [days, setDays] = useState("30");
  const [previewAs, setPreviewAs] = useState<number | undefined>(undefined);
  const [requestId] = useState(newRequestId);
  const [result, setResult] = useState<Sent | null>(null);
  const preview = useMutation(trpc.reengage.previewInvite.mutationOptions());
  const send = useMutation(trpc.reengage.invite.mutationOptions());
  // The default template: the company's "Invitation to re-apply".
  useEffect(() => {
    if (templateId === undefined && templates.data) setTemplateId((templates.data.find((t) => t.defaultKey === "invite_to_reapply") ?? templates.data[0])?.id);
  }, [templates.data, templateId]);
  const daysN = Number(days);
  const daysOk = Number.isInteger(daysN) && daysN >= 0 && daysN <= 3650;
  const input = target && templateId !== undefined && daysOk
    ? {
        selection,
        target: target === CAREERS ? { careersPage: true as const } : { openingId: Number(target) },
        text: { templateId },
        recentDays: daysN,
      }
    : null;
  const inputKey = JSON.stringify(input);
  // biome-ignore lint/correctness/useExhaustiveDependencies: preview again when what is sent changes
  useEffect(() => {
    if (input) preview.mutate({ ...input, previewCandidateId: previewAs });
    else preview.reset();
  }, [inputKey, previewAs]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!input || !preview.data || preview.data.willSend === 0) return;
    send.mutate(
      { ...input, requestId },
      {
        onSuccess: (r) => {
          setResult(r);
          void qc.invalidateQueries(trpc.reengage.pathFilter());
          void qc.invalidateQueries(trpc.candidates.pathFilter());
        },
      },
    );
  };

  if (result)
    return (
      <section className="card send-panel" aria-labelledby={`${uid}-done`}>
        <h2 id={`${uid}-done`}>Invitations sent</h2>
        <p className="notice notice-ok" role="status">
          {plural(result.invited, "person", "people")} invited to {result.target.kind === "careers_page" ? "the careers page" : result.target.title}.{" "}
          {result.invited > 1 && result.lastMailAt !== null
            ? `The mails leave between ${formatDateTime(result.startsAt)} and ${formatDateTime(result.lastMailAt)}, a few each minute.`
            : ""}
        </p>
        <SkipSummary skipped={result.skipped} people={result.skippedPeople} title="Skipped" />
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </section>
    );

  const list = openings.data?.items ?? [];
  return (
    <form className="card send-panel form" aria-labelledby={`${uid}-h`} onSubmit={submit}>
      <h2 id={`${uid}-h`}>Invite {"filters" in selection ? `all ${selectedCount.toLocaleString()} matching` : plural(selectedCount, "selected person", "selected people")}</h2>
      <div className="row">
        <label className="field">
          <span>Invite them to</span>
          <select value={target} onChange={(e) => setTarget(e.target.value)} required>
            <option value="">Choose…</option>
            <option value={CAREERS}>Our careers page (every open job)</option>
            {list.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
                {o.prospectingEnabled ? "" : " (no prospecting)"}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Template</span>
          <select value={templateId ?? ""} onChange={(e) => setTemplateId(e.target.value ? Number(e.target.value) : undefined)} disabled={templates.isPending}>
            {(templates.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Skip anyone written to in the last (days)</span>
          <input className="days-input" type="number" min={0} max={3650} value={days} onChange={(e) => setDays(e.target.value)} aria-invalid={!daysOk} />
        </label>
      </div>
      {!daysOk && (
        <p className="notice notice-error" role="alert">
          Choose a number of days from 0 to 3650 (0 skips nobody for that).
        </p>
      )}
      {openings.error && <ErrorNote error={openings.error} retry={() => void openings.refetch()} />}
      {!target && <p className="muted">Choose where to invite them, and a preview appears.</p>}
      {preview.isPending && <Loading label="Preparing the preview…" />}
      {preview.error && <ErrorNote error={preview.error} title="No preview" />}
      {preview.data && input && (
        <section className="preview" aria-labelledby={`${uid}-p`}>
          <h3 id={`${uid}-p`}>Preview</h3>
          <p>
            <strong>{plural(preview.data.willSend, "person", "people")}</strong> of {preview.data.total.toLocaleString()} will be invited
            {preview.data.createsProspects ? ", each as a prospect on the opening" : ", in their general conversation"}.
            {preview.data.willSend > 1 &&
              ` At ${preview.data.throttle.mailsPerMinute} mails a minute the last one leaves around ${formatDateTime(preview.data.throttle.lastMailAt)}.`}
          </p>
          <SkipSummary skipped={preview.data.skipped} people={preview.data.skippedPeople} title="Skipped:" />
          {people.length > 1 && (
            <label className="field field-inline">
              <span>Preview as</span>
              <select value={previewAs ?? ""} onChange={(e) => setPreviewAs(e.target.value ? Number(e.target.value) : undefined)}>
                <option value="">The first who will get it</option>
                {people.slice(0, 100).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {preview.data.sample ? (
            <div className="mail-preview" data-testid="invite-preview">
              <p className="muted">
                As {preview.data.sample.candidateName} will get it{preview.data.sample.to ? ` at ${preview.data.sample.to}` : ""}
                {preview.data.sample.skipReason ? ` — but they will be skipped (${INVITE_SKIP_LABELS[preview.data.sample.skipReason]})` : ""}:
              </p>
              <p>
                <strong>Subject:</strong> {preview.data.sample.subject}
              </p>
              <div className="pre mail-body">{preview.data.sample.text}</div>
            </div>
          ) : (
            <p className="notice notice-warn">Nobody in this selection can be invited.</p>
          )}
        </section>
      )}
      {send.error && <ErrorNote error={send.error} title="Not sent" />}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!preview.data || preview.data.willSend === 0 || send.isPending || preview.isPending}>
          {send.isPending ? "Sending…" : preview.data ? `Invite ${plural(preview.data.willSend, "person", "people")}` : "Invite"}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The report of past sends: invited, and what came of it — delivered, bounced, replied, applied. */
export function PastSends() {
  const trpc = useTRPC();
  const uid = useId();
  const sends = useInfiniteQuery(trpc.reengage.sends.infiniteQueryOptions({ limit: 10 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const items = sends.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card" aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`}>Past invitations</h2>
      {sends.isPending ? (
        <Loading label="Loading past invitations…" />
      ) : sends.error ? (
        <ErrorNote error={sends.error} retry={() => void sends.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No invitations sent yet." />
      ) : (
        <>
          <table className="table sends-table">
            <caption className="sr-only">Invitation sends and their outcome</caption>
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">To</th>
                <th scope="col" className="num">
                  Invited
                </th>
                <th scope="col" className="num">
                  Queued
                </th>
                <th scope="col" className="num">
                  Delivered
                </th>
                <th scope="col" className="num">
                  Bounced
                </th>
                <th scope="col" className="num">
                  Replied
                </th>
                <th scope="col" className="num">
                  Applied
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => {
                const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
                return (
                  <tr key={s.id} data-send={s.id}>
                    <td>
                      {formatDateTime(s.createdAt)}
                      <div className="muted small">
                        by {s.sender}
                        {s.status === "queueing" ? " · still queueing" : ""}
                      </div>
                    </td>
                    <td>
                      {s.target.kind === "opening" && s.target.openingId !== null ? <Link to={`/openings/${s.target.openingId}`}>{s.target.title}</Link> : "Careers page"}
                      <div className="muted small">{s.subject}</div>
                    </td>
                    <td className="num">
                      {s.invited.toLocaleString()}
                      {skipped > 0 && <div className="muted small">{skipped.toLocaleString()} skipped</div>}
                    </td>
                    <td className="num">{s.pending.toLocaleString()}</td>
                    <td className="num">
                      {s.delivered.toLocaleString()}
                      {s.kept > 0 && <div className="muted small">{s.kept.toLocaleString()} kept in the outbox (no SMTP)</div>}
                    </td>
                    <td className="num">{s.bounced.toLocaleString()}</td>
                    <td className="num">{s.replied.toLocaleString()}</td>
                    <td className="num">{s.applied.toLocaleString()}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ShowMore query={sends} />
        </>
      )}
    </section>
  );
}
