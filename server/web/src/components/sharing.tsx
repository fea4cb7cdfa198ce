import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import { errorMessage } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";

type ShareRow = RouterOutputs["shares"]["ofOpening"][number];
type ShareResult = RouterOutputs["shares"]["shareMany"];
type UnshareResult = RouterOutputs["shares"]["unshareMany"];

export const SKIP_LABELS: Record<ShareResult["skipped"][number]["reason"] | UnshareResult["skipped"][number]["reason"], string> = {
  not_visible: "not found on an opening you can see",
  no_client: "the opening has no client",
  no_active_contact: "the client has no active contact",
  decisioned: "already decisioned",
  already_shared: "already shared",
  not_shared: "was not shared",
};

interface Sharing {
  enabled: boolean;
  selected: Set<number>;
  toggle(applicationId: number): void;
  shareOf(applicationId: number): ShareRow | undefined;
}

const Ctx = createContext<Sharing>({ enabled: false, selected: new Set(), toggle: () => {}, shareOf: () => undefined });
export const useSharing = () => useContext(Ctx);

/** Selection and share badges for one opening's board (only when the opening has a client). */
export function SharingProvider({ openingId, enabled, children }: { openingId: number; enabled: boolean; children: ReactNode }) {
  const trpc = useTRPC();
  const shares = useQuery({ ...trpc.shares.ofOpening.queryOptions({ openingId }), enabled });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const byApp = useMemo(() => new Map((shares.data ?? []).map((s) => [s.applicationId, s])), [shares.data]);
  const value: Sharing = {
    enabled,
    selected,
    toggle: (id) =>
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    shareOf: (id) => byApp.get(id),
  };
  return (
    <Ctx.Provider value={value}>
      {enabled && <ShareBar selected={selected} clear={() => setSelected(new Set())} />}
      {children}
    </Ctx.Provider>
  );
}

/** "3 selected: Share with client / Unshare", then who was (not) shared and why. */
export function ShareBar({ selected, clear }: { selected: Set<number>; clear: () => void }) {
  const ids = [...selected];
  return (
    <div className="share-bar">
      <div className="inline-form" role="toolbar" aria-label="Share with the client">
        <span>{ids.length ? `${ids.length} selected` : "Select cards to share them with the client"}</span>
        <BulkShareActions applicationIds={ids} onDone={clear} />
        {ids.length > 0 && (
          <button type="button" className="link-button" onClick={clear}>
            Clear selection
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * Share with client / Unshare for a selection (board, prospects list), then a summary of who was done and
 * who was not, and why (the server decides; each application's own opening's client).
 */
export function BulkShareActions({ applicationIds, onDone }: { applicationIds: number[]; onDone?: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [summary, setSummary] = useState<{ ok: string; skipped: string[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const done = () => {
    onDone?.();
    void qc.invalidateQueries(trpc.shares.pathFilter());
    void qc.invalidateQueries(trpc.candidates.get.pathFilter());
  };
  const skipLines = (s: { candidateName: string | null; applicationId: number; reason: keyof typeof SKIP_LABELS }[]) =>
    s.map((x) => `${x.candidateName ?? `Application ${x.applicationId}`}: ${SKIP_LABELS[x.reason]}`);
  const share = useMutation(
    trpc.shares.shareMany.mutationOptions({
      onSuccess: (r) => {
        setSummary({ ok: `Shared ${r.shared.length} with the client${r.shared.length ? `: ${r.shared.map((s) => s.candidateName).join(", ")}` : ""}.`, skipped: skipLines(r.skipped) });
        done();
      },
      onError: (e) => setFailure(errorMessage(e)),
    }),
  );
  const unshare = useMutation(
    trpc.shares.unshareMany.mutationOptions({
      onSuccess: (r) => {
        setSummary({ ok: `Unshared ${r.unshared.length}.`, skipped: skipLines(r.skipped) });
        done();
      },
      onError: (e) => setFailure(errorMessage(e)),
    }),
  );
  const busy = share.isPending || unshare.isPending;
  const none = applicationIds.length === 0;
  return (
    <>
      <button
        type="button"
        className="button button-small"
        disabled={none || busy}
        onClick={() => {
          setFailure(null);
          share.mutate({ applicationIds });
        }}
      >
        Share with client
      </button>
      <button
        type="button"
        className="button button-small button-quiet"
        disabled={none || busy}
        onClick={() => {
          setFailure(null);
          unshare.mutate({ applicationIds });
        }}
      >
        Unshare
      </button>
      {failure && (
        <p className="notice notice-error share-summary" role="alert">
          {failure}
        </p>
      )}
      {summary && (
        <div className="notice notice-ok share-summary" role="status" data-testid="share-summary">
          <p>{summary.ok}</p>
          {summary.skipped.length > 0 && (
            <>
              <p>Not done:</p>
              <ul>
                {summary.skipped.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          )}
          <button type="button" className="link-button" onClick={() => setSummary(null)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}

/** A card's checkbox and its "Shared" / "Viewed by" badges. */
export function CardShare({ applicationId, name }: { applicationId: number; name: string }) {
  const s = useSharing();
  if (!s.enabled) return null;
  const share = s.shareOf(applicationId);
  return (
    <div className="card-share">
      <label className="card-select">
        <input type="checkbox" checked={s.selected.has(applicationId)} onChange={() => s.toggle(applicationId)} aria-label={`Select ${name}`} />
      </label>
      {share && <span className="badge badge-ok">Shared</span>}
      {share?.firstViewedAt && (
        <span className="badge" title={formatDateTime(share.firstViewedAt)}>
          Viewed by {share.viewedBy ?? "the client"}
        </span>
      )}
    </div>
  );
}

/** The job's direct portal link: copy it, or email it to the client's contacts. */
export function PortalLink({ openingId }: { openingId: number }) {
  const trpc = useTRPC();
  const link = useQuery(trpc.shares.portalLink.queryOptions({ openingId }));
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const [composing, setComposing] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  if (!link.data) return null;
  const l = link.data;
  return (
    <section className="portal-link" aria-label="Client portal link">
      <div className="inline-form">
        <span>Client portal link:</span>
        <code data-testid="portal-link">{l.url}</code>
        <button
          type="button"
          className="button-small"
          onClick={() =>
            void navigator.clipboard?.writeText(l.url).then(
              () => setCopied("yes"),
              () => setCopied("no"),
            )
          }
        >
          {copied === "yes" ? "Copied" : "Copy link"}
        </button>
        {l.contacts.length > 0 && (
          <button type="button" className="button-small button-quiet" onClick={() => setComposing((c) => !c)} aria-expanded={composing}>
            Send to client
          </button>
        )}
        {copied === "no" && <span role="alert">Could not copy; select the link and copy it.</span>}
      </div>
      {l.clientId === null && <p className="muted">This opening has no client: set one in the job settings to share candidates.</p>}
      {sent && (
        <p className="notice notice-ok" role="status">
          {sent}
        </p>
      )}
      {composing && (
        <SendLink
          openingId={openingId}
          data={l}
          onSent={(n) => {
            setComposing(false);
            setSent(`Sent to ${n} contact${n === 1 ? "" : "s"}.`);
          }}
        />
      )}
    </section>
  );
}

function SendLink({ openingId, data, onSent }: { openingId: number; data: RouterOutputs["shares"]["portalLink"]; onSent: (n: number) => void }) {
  const trpc = useTRPC();
  const [to, setTo] = useState<number[]>(data.contacts.map((c) => c.id));
  const [subject, setSubject] = useState(data.subject);
  const [body, setBody] = useState(data.body);
  const send = useMutation(trpc.shares.sendPortalLink.mutationOptions({ onSuccess: (r) => onSent(r.sent) }));
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate({ openingId, contactIds: to, subject, body });
      }}
    >
      <fieldset>
        <legend>To</legend>
        {data.contacts.map((c) => (
          <label key={c.id} className="checkbox">
            <input type="checkbox" checked={to.includes(c.id)} onChange={(e) => setTo((t) => (e.target.checked ? [...t, c.id] : t.filter((x) => x !== c.id)))} /> {c.name} &lt;{c.email}&gt;
          </label>
        ))}
      </fieldset>
      <label>
        Subject
        <input value={subject} onChange={(e) => setSubject(e.target.value)} required maxLength={300} />
      </label>
      <label>
        Message (<code>{"{{link}}"}</code> is replaced by the link)
        <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={8} required />
      </label>
      {send.error && (
        <p className="notice notice-error" role="alert">
          {errorMessage(send.error)}
        </p>
      )}
      <div>
        <button type="submit" disabled={send.isPending || !to.length}>
          Send
        </button>
      </div>
    </form>
  );
}

const CANNOT_SHARE: Record<string, string> = {
  no_client: "The opening has no client.",
  no_active_contact: "The client has no active contact: add or activate one under Clients.",
  decisioned: "Decisioned applications are not shared.",
};

/** One application's share with the opening's client: the resume, video link and profile template to show. */
export function SharePanel({ applicationId, candidateName }: { applicationId: number; candidateName: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const details = useQuery(trpc.shares.details.queryOptions({ applicationId }));
  const d = details.data;
  const [resume, setResume] = useState<number | "">("");
  const [video, setVideo] = useState("");
  const [template, setTemplate] = useState<number | "">("");
  const [note, setNote] = useState<string | null>(null);
  // Open while shared at first; after that, as the user leaves it (unsharing does not fold it away).
  const [open, setOpen] = useState<boolean | null>(null);
  const key = d?.share ? `${d.share.sharedAt}` : "none";
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  if (d && loadedKey !== key) {
    setLoadedKey(key);
    setResume(d.share?.resumeDocumentId ?? "");
    setVideo(d.share?.videoUrl ?? "");
    setTemplate(d.share?.profileTemplateId ?? d.profileTemplates.find((t) => t.isDefault)?.id ?? "");
  }
  const refresh = () => void qc.invalidateQueries(trpc.shares.pathFilter());
  const share = useMutation(
    trpc.shares.share.mutationOptions({
      onSuccess: () => {
        setNote(`${candidateName} is shared with ${d?.clientName ?? "the client"}.`);
        refresh();
      },
      onError: (e) => setNote(errorMessage(e)),
    }),
  );
  const unshare = useMutation(
    trpc.shares.unshareMany.mutationOptions({
      onSuccess: () => {
        setNote(`${candidateName} is no longer shared.`);
        refresh();
      },
      onError: (e) => setNote(errorMessage(e)),
    }),
  );
  if (!d || d.clientId === null) return null;
  const s = d.share;
  return (
    <details className="share-panel" open={open ?? s !== null} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Client portal ({d.clientName}): {s ? "shared" : "not shared"}
        {s?.firstViewedAt ? ` · viewed by ${s.viewedBy ?? "the client"} ${formatDateTime(s.firstViewedAt)}` : ""}
      </summary>
      {d.cannotShare && !s ? (
        <p className="muted">{CANNOT_SHARE[d.cannotShare] ?? d.cannotShare}</p>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            share.mutate({ applicationId, resumeDocumentId: resume === "" ? null : resume, videoUrl: video.trim() || null, profileTemplateId: template === "" ? null : template });
          }}
        >
          <label className="field field-inline">
            <span>Resume shown</span>
            <select value={resume} onChange={(e) => setResume(e.target.value ? Number(e.target.value) : "")}>
              <option value="">No resume</option>
              {d.documents.map((doc) => (
                <option key={doc.id} value={doc.id}>
                  {doc.fileName}
                </option>
              ))}
            </select>
          </label>
          <label className="field field-inline">
            <span>Video resume link</span>
            <input type="url" value={video} onChange={(e) => setVideo(e.target.value)} placeholder="https://…" maxLength={2000} />
          </label>
          <label className="field field-inline">
            <span>Online profile</span>
            <select value={template} onChange={(e) => setTemplate(e.target.value ? Number(e.target.value) : "")}>
              <option value="">Standard (no contact details)</option>
              {d.profileTemplates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <div className="inline-form">
            <button type="submit" className="button-small button-primary" disabled={share.isPending}>
              {s ? "Save share" : "Share with client"}
            </button>
            {s && (
              <button type="button" className="button-small" disabled={unshare.isPending} onClick={() => unshare.mutate({ applicationIds: [applicationId] })}>
                Unshare
              </button>
            )}
          </div>
        </form>
      )}
      {note && (
        <p className="muted" role="status">
          {note}
        </p>
      )}
    </details>
  );
}
