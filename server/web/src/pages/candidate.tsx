import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { Link, Navigate, useParams } from "react-router";
import { PlacementPicker } from "../components/opening-picker";
import { ErrorNote, Loading } from "../components/query-state";
import { EmailLine, GeneralConversation } from "../components/candidate-mail";
import { DocumentsSection } from "../components/documents";
import { ConversationThread } from "../components/thread";
import { SharePanel } from "../components/sharing";
import { useToast } from "../components/toast";
import { describeActivity } from "../lib/activity";
import { staffStates } from "../lib/decisions";
import { errorMessage } from "../lib/errors";
import { useHeadingFocusOnArrival } from "../lib/focus";
import { formatDate, formatDateTime, SOURCE_LABELS, splitList, WORKFLOW_LABELS } from "../lib/format";
import { isAdminRole, useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import { positiveInt } from "../lib/url-state";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { NotFoundPage } from "./not-found";

type Candidate = NonNullable<RouterOutputs["candidates"]["get"]["candidate"]>;
type Application = Candidate["applications"][number];
type Opening = RouterOutputs["openings"]["get"];

/** Invalidates everything a change to a candidate can show up in. */
function useRefreshAfterChange() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries(trpc.candidates.pathFilter());
    void qc.invalidateQueries(trpc.openings.pathFilter());
    void qc.invalidateQueries(trpc.dashboard.pathFilter());
    void qc.invalidateQueries(trpc.conversations.pathFilter());
  };
}

export function CandidatePage() {
  const id = positiveInt(useParams().candidateId);
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.candidates.get.queryOptions({ candidateId: id ?? 0 }), enabled: id !== undefined });
  usePageTitle(q.data?.candidate?.fullName ?? "Candidate");
  if (id === undefined) return <NotFoundPage />;
  if (q.isPending) return <Loading label="Loading the profile…" />;
  if (q.error) return <ErrorNote error={q.error} retry={() => void q.refetch()} title="Could not open this candidate" />;
  if (q.data.mergedIntoId) return <Navigate to={`/candidates/${q.data.mergedIntoId}`} replace />;
  if (!q.data.candidate) return <NotFoundPage />;
  return <Profile c={q.data.candidate} />;
}

function Profile({ c }: { c: Candidate }) {
  const trpc = useTRPC();
  // The stages of every opening the candidate is on, for the move and reopen pickers (one batched request).
  const openingIds = [...new Set(c.applications.map((a) => a.openingId))];
  const openings = useQueries({ queries: openingIds.map((openingId) => trpc.openings.get.queryOptions({ openingId })) });
  const openingById = new Map<number, Opening>();
  for (const o of openings) if (o.data) openingById.set(o.data.id, o.data);
  const heading = useHeadingFocusOnArrival<HTMLHeadingElement>();
  return (
    <>
      <div className="page-head">
        <div className="identity">
          {c.photoUrl && <img className="photo" src={c.photoUrl} alt="" referrerPolicy="no-referrer" />}
          <div>
            <p className="crumbs">
              <Link to="/candidates">Candidates</Link> /
            </p>
            <h1 ref={heading} tabIndex={-1}>
              {c.fullName}
              {c.doNotContact && <span className="badge badge-danger">Do not contact</span>}
            </h1>
            <p className="muted">
              {[c.title, c.companyName].filter(Boolean).join(" at ")}
              {c.location ? ` · ${c.location}` : ""}
            </p>
          </div>
        </div>
      </div>
      <DuplicateBanner c={c} />
      <div className="profile-grid">
        <div className="stack">
          <section className="card" aria-labelledby="apps-h">
            <h2 id="apps-h">Openings</h2>
            {c.applications.length === 0 && <p className="muted">Not on any opening you can see yet.</p>}
            <div className="stack">
              {c.applications.map((a) => (
                <ApplicationCard key={a.id} app={a} opening={openingById.get(a.openingId)} candidateName={c.fullName} />
              ))}
            </div>
            <AddToOpening c={c} />
          </section>
          <GeneralConversation candidateId={c.id} candidateName={c.fullName} />
          <Details c={c} />
        </div>
        <div className="stack">
          <DoNotContact c={c} />
          <DocumentsSection candidateId={c.id} candidateName={c.fullName} />
          <section className="card" aria-labelledby="timeline-h">
            <h2 id="timeline-h">Timeline</h2>
            {c.timeline.length === 0 ? (
              <p className="muted">No activity yet.</p>
            ) : (
              <ol className="timeline">
                {c.timeline.map((t) => (
                  <li key={t.id}>
                    <div>{describeActivity(t.type, t.data)}</div>
                    <div className="when">
                      {formatDateTime(t.createdAt)} · {t.actorName ?? (t.actorType === "system" ? "Prospector" : t.actorType === "candidate" ? "Candidate" : t.actorType)}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
    </>
  );
}

function DuplicateBanner({ c }: { c: Candidate }) {
  const trpc = useTRPC();
  const me = useMe();
  const toast = useToast();
  const refresh = useRefreshAfterChange();
  const dismiss = useMutation(
    trpc.candidates.dismissDuplicate.mutationOptions({
      onSuccess: () => {
        toast.success("Kept both");
        refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const merge = useMutation(
    trpc.candidates.merge.mutationOptions({
      onSuccess: () => {
        toast.success("Merged into this profile");
        refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  if (c.possibleDuplicates.length === 0) return null;
  return (
    <section className="notice notice-warn" aria-labelledby="dup-h">
      <h2 id="dup-h">Possible duplicate</h2>
      <ul className="plain-list">
        {c.possibleDuplicates.map((d) => (
          <li key={d.id} className="team-row">
            <span>
              <Link to={`/candidates/${d.id}`}>{d.fullName}</Link> {[d.title, d.companyName, d.location].filter(Boolean).join(" · ")}
              {d.reason !== "name" ? <span className="muted"> — the same {d.reason === "phone" ? "phone number" : "profile URL"}, given on a careers-page application</span> : null}
            </span>
            <span className="actions">
              <button type="button" className="button-small" disabled={dismiss.isPending} onClick={() => dismiss.mutate({ candidateId: c.id, otherCandidateId: d.id })}>
                Keep both
              </button>
              {isAdminRole(me.role) ? (
                <button type="button" className="button-small" disabled={merge.isPending} onClick={() => merge.mutate({ targetId: c.id, sourceId: d.id })}>
                  Merge into this profile
                </button>
              ) : (
                <span className="muted">An admin can merge them.</span>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ApplicationCard({ app, opening, candidateName }: { app: Application; opening: Opening | undefined; candidateName: string }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshAfterChange();
  const states = useQuery(trpc.decisionedStates.list.queryOptions());
  const m = app.allowedMoves;
  const sameWorkflow = (app.workflow === "hiring" ? opening?.hiringStages : opening?.prospectingStages) ?? [];
  const [note, setNote] = useState("");
  // An action can remove the row whose button had focus (Move to hiring, Decide, Reopen): once the card is
  // redrawn, focus that dropped to the page goes to the application itself.
  const article = useRef<HTMLElement>(null);
  const refocus = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the refreshed application arrives
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    if (!document.activeElement || document.activeElement === document.body) article.current?.focus();
  }, [app]);
  const opts = (msg: string) => ({
    onSuccess: () => {
      toast.success(msg);
      refocus.current = true;
      refresh();
    },
    onError: (e: unknown) => toast.error(`${candidateName}: ${errorMessage(e)}`),
  });
  const move = useMutation(trpc.applications.move.mutationOptions(opts("Moved")));
  const decide = useMutation(trpc.applications.decide.mutationOptions(opts("Decision saved")));
  const reopen = useMutation(trpc.applications.reopen.mutationOptions(opts("Reopened")));
  const busy = move.isPending || decide.isPending || reopen.isPending;
  const moveTo = (stageId: number | undefined, done?: () => void) => {
    if (stageId !== undefined) move.mutate({ applicationId: app.id, stageId }, { onSuccess: done });
  };
  const otherStages = sameWorkflow.filter((s) => s.id !== app.stageId);
  return (
    <article ref={article} tabIndex={-1} className="application" aria-label={`${app.openingTitle} application`}>
      <h3>
        <Link to={`/openings/${app.openingId}/${app.workflow === "hiring" ? "pipeline" : "prospecting"}`}>{app.openingTitle}</Link>
        <span className={`badge ${app.workflow === "prospecting" ? "" : "badge-ok"}`}>{WORKFLOW_LABELS[app.workflow]}</span>
        {app.openingStatus === "archived" && <span className="badge">Archived opening</span>}
      </h3>
      <p className="app-status">
        {app.status === "active" ? (
          <>
            Stage: <strong>{app.stageName}</strong>
          </>
        ) : (
          <>
            Decisioned: <strong>{app.decisionedStateName}</strong>
            {app.decisionedAt ? ` on ${formatDate(app.decisionedAt)}` : ""} <span className="muted">(was in {app.stageName})</span>
          </>
        )}{" "}
        <span className="muted">· started in {WORKFLOW_LABELS[app.origin].toLowerCase()}</span>
      </p>
      {m.withinWorkflow && otherStages.length > 0 && (
        <PickRow label="Move to stage" ariaLabel={`Move to stage (${app.openingTitle})`} choices={otherStages} blank="Choose…" button="Move" busy={busy} onPick={moveTo} />
      )}
      {m.toHiring && (
        <PickRow label="Hiring stage" choices={opening?.hiringStages ?? []} button="Move to hiring" buttonClass="button-small button-primary" busy={busy} onPick={(id) => moveTo(id)} />
      )}
      {m.toProspecting && (
        <PickRow label="Prospecting stage" choices={opening?.prospectingStages ?? []} button="Move back to prospecting" busy={busy} onPick={(id) => moveTo(id)} />
      )}
      {m.decision && (
        <PickRow
          label="Decision"
          choices={staffStates(states.data)}
          blank="Choose a state…"
          button="Decide"
          buttonClass="button-small button-danger"
          busy={busy}
          onPick={(stateId) => {
            if (stateId !== undefined) decide.mutate({ applicationId: app.id, stateId, note: note.trim() || undefined }, { onSuccess: () => setNote("") });
          }}
        >
          <label className="field field-inline">
            <span className="sr-only">Decision note</span>
            <input placeholder="Note (optional)" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </label>
        </PickRow>
      )}
      {m.reopen && (
        <PickRow
          label="Reopen into"
          choices={otherStages}
          blank={`${app.stageName} (where it was)`}
          blankIsChoice
          button="Reopen"
          busy={busy}
          onPick={(stageId) => reopen.mutate({ applicationId: app.id, stageId })}
        />
      )}
      {!m.reopen && m.reasons.reopen && <p className="muted">Cannot reopen: {m.reasons.reopen}</p>}
      {opening?.clientId != null && <SharePanel applicationId={app.id} candidateName={candidateName} />}
      <ConversationThread applicationId={app.id} candidateName={candidateName} />
    </article>
  );
}

/**
 * One action row of an application: a choice, then a button. Without `blank` the first choice is the
 * default; with it the button waits for a pick, unless `blankIsChoice` (then the blank stands for "as is").
 * onPick gets the choice (undefined for the blank) and a reset for after success.
 */
function PickRow({
  label,
  ariaLabel,
  choices,
  blank,
  blankIsChoice = false,
  button,
  buttonClass = "button-small",
  busy,
  onPick,
  children,
}: {
  label: string;
  ariaLabel?: string;
  choices: { id: number; name: string }[];
  blank?: string;
  blankIsChoice?: boolean;
  button: string;
  buttonClass?: string;
  busy: boolean;
  onPick: (id: number | undefined, reset: () => void) => void;
  children?: ReactNode;
}) {
  const [value, setValue] = useState<number | "">("");
  const picked = value !== "" ? value : blank === undefined ? choices[0]?.id : undefined;
  const ready = picked !== undefined || blankIsChoice;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) onPick(picked, () => setValue(""));
      }}
    >
      <label className="field field-inline">
        <span>{label}</span>
        <select value={value} aria-label={ariaLabel} onChange={(e) => setValue(e.target.value ? Number(e.target.value) : "")}>
          {blank !== undefined && <option value="">{blank}</option>}
          {choices.map((c, i) => (
            <option key={c.id} value={blank === undefined && i === 0 ? "" : c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {children}
      <button type="submit" className={buttonClass} disabled={busy || !ready}>
        {button}
      </button>
    </form>
  );
}

function AddToOpening({ c }: { c: Candidate }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshAfterChange();
  const [open, setOpen] = useState(false);
  const [placement, setPlacement] = useState({ openingId: undefined as number | undefined, workflow: "hiring" as "hiring" | "prospecting", stageId: undefined as number | undefined });
  const add = useMutation(
    trpc.candidates.addToOpening.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Added to ${r.stageName}`);
        setOpen(false);
        refresh();
      },
    }),
  );
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Add to another opening…
      </button>
    );
  }
  return (
    <form
      className="form add-to-opening"
      onSubmit={(e) => {
        e.preventDefault();
        if (placement.openingId) add.mutate({ candidateId: c.id, openingId: placement.openingId, workflow: placement.workflow, stageId: placement.stageId });
      }}
    >
      {add.error && (
        <p className="notice notice-error" role="alert">
          {errorMessage(add.error)}
        </p>
      )}
      <PlacementPicker idPrefix="add" {...placement} onChange={setPlacement} excludeOpeningIds={c.applications.map((a) => a.openingId)} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={!placement.openingId || add.isPending}>
          Add
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function toForm(c: Candidate) {
  return {
    fullName: c.fullName,
    headline: c.headline,
    title: c.title,
    companyName: c.companyName,
    location: c.location,
    summary: c.summary,
    skills: c.skills.join(", "),
    tags: c.tags.join(", "),
    emails: c.emails.map((e) => e.email).join("\n"),
    phones: c.phones.map((p) => p.phone).join("\n"),
    profileUrls: c.profiles.map((p) => p.url).join("\n"),
  };
}

function Details({ c }: { c: Candidate }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState(() => toForm(c));
  useEffect(() => {
    if (!editing) setForm(toForm(c));
  }, [c, editing]);
  const update = useMutation(
    trpc.candidates.update.mutationOptions({
      onSuccess: (r) => {
        qc.setQueryData(trpc.candidates.get.queryKey({ candidateId: c.id }), r);
        void qc.invalidateQueries(trpc.candidates.list.pathFilter());
        setEditing(false);
        toast.success("Profile saved");
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      candidateId: c.id,
      fullName: form.fullName,
      headline: form.headline,
      title: form.title,
      companyName: form.companyName,
      location: form.location,
      summary: form.summary,
      skills: splitList(form.skills, /,/),
      tags: splitList(form.tags, /,/),
      emails: splitList(form.emails, /\n/),
      phones: splitList(form.phones, /\n/),
      profileUrls: splitList(form.profileUrls, /\n/),
    });
  };
  const f = (k: keyof ReturnType<typeof toForm>) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });
  if (!editing) {
    return (
      <section className="card" aria-labelledby="details-h">
        <div className="box-head">
          <h2 id="details-h">Profile</h2>
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit profile
          </button>
        </div>
        <dl className="kv">
          <dt>Headline</dt>
          <dd>{c.headline || "—"}</dd>
          <dt>Emails</dt>
          <dd>
            {c.emails.length
              ? c.emails.map((e) => <EmailLine key={e.id} candidateId={c.id} e={e} />)
              : "—"}
          </dd>
          <dt>Phones</dt>
          <dd>{c.phones.length ? c.phones.map((p) => <div key={p.id}>{p.phone}</div>) : "—"}</dd>
          <dt>Profiles</dt>
          <dd>
            {c.profiles.length
              ? c.profiles.map((p) => (
                  <div key={p.id}>
                    <a href={p.url} target="_blank" rel="noopener noreferrer">
                      {p.url}
                    </a>{" "}
                    <span className="muted">({p.site})</span>
                  </div>
                ))
              : "—"}
          </dd>
          {c.links.length > 0 && (
            <>
              <dt>Links</dt>
              <dd>
                {c.links.map((l) => (
                  <div key={l.url}>
                    <a href={l.url} target="_blank" rel="noopener noreferrer">
                      {l.label || l.url}
                    </a>
                  </div>
                ))}
              </dd>
            </>
          )}
          <dt>Skills</dt>
          <dd>{c.skills.join(", ") || "—"}</dd>
          <dt>Tags</dt>
          <dd>{c.tags.join(", ") || "—"}</dd>
          <dt>Source</dt>
          <dd>
            {SOURCE_LABELS[c.source]}, {formatDate(c.createdAt)}
          </dd>
          <dt>Summary</dt>
          <dd className="pre">{c.summary || "—"}</dd>
        </dl>
      </section>
    );
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="edit-h">
      <h2 id="edit-h">Edit profile</h2>
      {update.error && (
        <p className="notice notice-error" role="alert">
          {errorMessage(update.error)}
        </p>
      )}
      <label className="field">
        <span>Full name</span>
        <input required maxLength={300} {...f("fullName")} />
      </label>
      <label className="field">
        <span>Headline</span>
        <input maxLength={500} {...f("headline")} />
      </label>
      <div className="row">
        <label className="field">
          <span>Current title</span>
          <input maxLength={300} {...f("title")} />
        </label>
        <label className="field">
          <span>Current company</span>
          <input maxLength={300} {...f("companyName")} />
        </label>
      </div>
      <label className="field">
        <span>Location</span>
        <input maxLength={300} {...f("location")} />
      </label>
      <div className="row">
        <label className="field">
          <span>Emails (one per line)</span>
          <textarea rows={3} {...f("emails")} />
        </label>
        <label className="field">
          <span>Phones (one per line)</span>
          <textarea rows={3} {...f("phones")} />
        </label>
      </div>
      <label className="field">
        <span>Profile URLs (one per line)</span>
        <textarea rows={3} {...f("profileUrls")} />
      </label>
      <div className="row">
        <label className="field">
          <span>Skills (comma-separated)</span>
          <input {...f("skills")} />
        </label>
        <label className="field">
          <span>Tags (comma-separated)</span>
          <input {...f("tags")} />
        </label>
      </div>
      <label className="field">
        <span>Summary</span>
        <textarea rows={5} {...f("summary")} />
      </label>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save profile"}
        </button>
        <button type="button" className="button" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DoNotContact({ c }: { c: Candidate }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState("");
  const set = useMutation(
    trpc.candidates.setDoNotContact.mutationOptions({
      onSuccess: (r) => {
        qc.setQueryData(trpc.candidates.get.queryKey({ candidateId: c.id }), r);
        void qc.invalidateQueries(trpc.candidates.list.pathFilter());
        setReason("");
        toast.success(r.candidate?.doNotContact ? "Marked do not contact" : "Do-not-contact removed");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <section className="card" aria-labelledby="dnc-h">
      <h2 id="dnc-h">Do not contact</h2>
      {c.doNotContact ? (
        <>
          <p>
            <strong>Nobody may contact {c.fullName}.</strong> Reason: {c.doNotContactReason}
            {c.doNotContactAt ? ` (since ${formatDate(c.doNotContactAt)})` : ""}
          </p>
          <button type="button" className="button" disabled={set.isPending} onClick={() => set.mutate({ candidateId: c.id, doNotContact: false })}>
            Remove do-not-contact
          </button>
        </>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            set.mutate({ candidateId: c.id, doNotContact: true, reason: reason.trim() || undefined });
          }}
        >
          <label className="field field-inline">
            <span>Reason</span>
            <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="e.g. asked not to be contacted" />
          </label>
          <button type="submit" className="button button-danger" disabled={set.isPending}>
            Mark do not contact
          </button>
        </form>
      )}
    </section>
  );
}
