import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { formatDateTime, Loading, Problem, StatusBadge, usePageTitle } from "../components";
import { errorCode, errorMessage, type PortalOutputs, useTRPC } from "../trpc";

type Candidate = PortalOutputs["candidate"];
type Panel = "interview" | "hire" | "reject" | null;

/** A shared candidate: the online profile, resume and video, rating and feedback, and Interview / Hire / Reject. */
export function CandidatePage() {
  const trpc = useTRPC();
  const applicationId = Number(useParams().applicationId);
  const valid = Number.isInteger(applicationId) && applicationId > 0;
  const q = useQuery({ ...trpc.candidate.queryOptions({ applicationId }), enabled: valid });
  const me = useQuery(trpc.me.queryOptions());
  usePageTitle(q.data?.profile.name ?? "Candidate", me.data?.branding.portalName);
  if (!valid || errorCode(q.error) === "NOT_FOUND") {
    return (
      <>
        <h1>Candidate not found</h1>
        <p>
          This candidate is not shared with you (or no longer). <Link to="/">See your jobs</Link>
        </p>
      </>
    );
  }
  if (q.isPending) return <Loading label="Loading the candidate…" />;
  if (q.isError) return <Problem error={q.error} />;
  return <CandidateView c={q.data} agency={me.data?.branding.companyName ?? "The agency"} />;
}

function CandidateView({ c, agency }: { c: Candidate; agency: string }) {
  const qc = useQueryClient();
  const [panel, setPanel] = useState<Panel>(null);
  const [done, setDone] = useState<string | null>(null);
  const after = (message: string) => {
    setDone(message);
    setPanel(null);
    void qc.invalidateQueries();
  };
  const p = c.profile;
  const resumeHref = `/portal/api/resume/${c.applicationId}`;

  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <ol>
          <li>
            <Link to="/">Jobs</Link>
          </li>
          <li>
            <Link to={`/jobs/${c.opening.id}`}>{c.opening.title}</Link>
          </li>
          <li aria-current="page">{p.name}</li>
        </ol>
      </nav>
      <div className="page-head">
        <div>
          <h1>{p.name}</h1>
          {p.headline && <p className="lead">{p.headline}</p>}
        </div>
        <StatusBadge status={c.status} decisioned={c.decisioned} />
      </div>
      {done && (
        <p className="notice success" role="status">
          {done}
        </p>
      )}
      {c.decisioned && (
        <p className="notice info">
          {p.name} has been decided ({c.status}). You can still view the profile; actions are closed.
        </p>
      )}

      <div className="columns">
        <div className="col-main">
          <section className="card" aria-labelledby="profile-h">
            <h2 id="profile-h">Profile</h2>
            <dl className="facts">
              {p.experience && <Fact term="Current role">{p.experience}</Fact>}
              {p.location && <Fact term="Location">{p.location}</Fact>}
              {p.emails?.length ? <Fact term="Email">{p.emails.join(", ")}</Fact> : null}
              {p.phones?.length ? <Fact term="Phone">{p.phones.join(", ")}</Fact> : null}
              {p.profileUrls?.length ? (
                <Fact term="Profiles">
                  <ul className="plain">
                    {p.profileUrls.map((u) => (
                      <li key={u}>
                        <a href={u} target="_blank" rel="noopener noreferrer">
                          {u.replace(/^https?:\/\/(www\.)?/, "")}
                        </a>
                      </li>
                    ))}
                  </ul>
                </Fact>
              ) : null}
            </dl>
            {p.summary && (
              <>
                <h3>Summary</h3>
                <p className="prewrap">{p.summary}</p>
              </>
            )}
            {p.skills?.length ? (
              <>
                <h3>Skills</h3>
                <ul className="chips">
                  {p.skills.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <section className="card" aria-labelledby="docs-h">
            <h2 id="docs-h">Resume and video</h2>
            {c.resume ? (
              <div className="doc">
                <span className="doc-name">
                  {c.resume.fileName} <span className="muted small">({formatSize(c.resume.sizeBytes)})</span>
                </span>
                <span className="doc-actions">
                  {c.resume.format === "pdf" && (
                    <a className="button" href={`${resumeHref}?view=1`} target="_blank" rel="noopener noreferrer">
                      View resume
                    </a>
                  )}
                  <a className="button" href={resumeHref} download>
                    Download resume
                  </a>
                </span>
              </div>
            ) : (
              <p className="muted">No resume shared.</p>
            )}
            {c.videoUrl ? (
              <p>
                <a href={c.videoUrl} target="_blank" rel="noopener noreferrer">
                  Watch the video resume<span className="sr-only"> (opens in a new tab)</span>
                </a>
              </p>
            ) : (
              <p className="muted">No video resume shared.</p>
            )}
          </section>

          <History c={c} />
        </div>

        <aside className="col-side" aria-label="Your review">
          <Rating c={c} onRated={(n) => after(`Rated ${n} of 5. ${agency} has been told.`)} />
          {!c.decisioned && (
            <section className="card" aria-labelledby="actions-h">
              <h2 id="actions-h">Next step</h2>
              <div className="action-buttons">
                <button type="button" className="button primary" aria-expanded={panel === "interview"} onClick={() => setPanel(panel === "interview" ? null : "interview")}>
                  Interview
                </button>
                <button type="button" className="button" aria-expanded={panel === "hire"} onClick={() => setPanel(panel === "hire" ? null : "hire")}>
                  Hire
                </button>
                <button type="button" className="button danger-outline" aria-expanded={panel === "reject"} onClick={() => setPanel(panel === "reject" ? null : "reject")}>
                  Reject
                </button>
              </div>
              {panel === "interview" && <InterviewForm c={c} onDone={() => after(`Interview request sent. ${agency} will arrange it and confirm.`)} onCancel={() => setPanel(null)} />}
              {panel === "hire" && <HireForm c={c} onDone={() => after(`${agency} has been told you want to hire ${p.name}; they will process the offer.`)} onCancel={() => setPanel(null)} />}
              {panel === "reject" && <RejectForm c={c} onDone={() => after(`${p.name} was rejected. ${agency} has been told.`)} onCancel={() => setPanel(null)} />}
            </section>
          )}
          <FeedbackForm c={c} onDone={() => after(`Feedback sent to ${agency}.`)} />
        </aside>
      </div>
    </>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const formatSize = (b: number) => (b < 1024 * 1024 ? `${Math.max(1, Math.round(b / 1024))} KB` : `${(b / 1024 / 1024).toFixed(1)} MB`);

/** 1–5 stars as five buttons (Tab, then Enter or Space): choosing never happens by just moving focus. */
function Rating({ c, onRated }: { c: Candidate; onRated: (n: number) => void }) {
  const trpc = useTRPC();
  const rate = useMutation(trpc.rate.mutationOptions({ onSuccess: (r) => onRated(r.rating) }));
  const shown = rate.isPending ? rate.variables.rating : c.rating;
  return (
    <section className="card" aria-labelledby="rating-h">
      <h2 id="rating-h">Your rating</h2>
      {c.decisioned ? (
        <p>{c.rating ? `Rated ${c.rating} of 5` : "Not rated"}</p>
      ) : (
        <fieldset className="star-buttons">
          <legend className="sr-only">Rate {c.profile.name} from 1 to 5 stars</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <button
              key={n}
              type="button"
              className={`star ${shown && n <= shown ? "on" : ""}`}
              aria-pressed={shown === n}
              aria-label={`${n} ${n === 1 ? "star" : "stars"}`}
              disabled={rate.isPending}
              onClick={() => rate.mutate({ applicationId: c.applicationId, rating: n })}
            >
              ★
            </button>
          ))}
        </fieldset>
      )}
      {rate.error && (
        <p className="notice error" role="alert">
          {errorMessage(rate.error)}
        </p>
      )}
    </section>
  );
}

function FeedbackForm({ c, onDone }: { c: Candidate; onDone: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const [comment, setComment] = useState("");
  const send = useMutation(
    trpc.feedback.mutationOptions({
      onSuccess: () => {
        setComment("");
        onDone();
      },
    }),
  );
  if (c.decisioned) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (comment.trim()) send.mutate({ applicationId: c.applicationId, comment });
  };
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Feedback</h2>
      <form onSubmit={submit}>
        <label htmlFor={id}>Comments for the agency</label>
        <textarea id={id} rows={4} maxLength={5000} value={comment} onChange={(e) => setComment(e.target.value)} required />
        {send.error && (
          <p className="notice error" role="alert">
            {errorMessage(send.error)}
          </p>
        )}
        <button type="submit" className="button" disabled={send.isPending || !comment.trim()}>
          {send.isPending ? "Sending…" : "Send feedback"}
        </button>
      </form>
    </section>
  );
}

function useFocusFirst() {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>("input, textarea, select")?.focus();
  }, []);
  return ref;
}

function timeZones(): string[] {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf("timeZone");
  } catch {
    all = [];
  }
  return all.includes(own) ? all : [own, ...all];
}

function InterviewForm({ c, onDone, onCancel }: { c: Candidate; onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const ref = useFocusFirst();
  const [slots, setSlots] = useState<{ key: number; value: string }[]>([{ key: 1, value: "" }]);
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [note, setNote] = useState("");
  const [zones] = useState(timeZones);
  const send = useMutation(trpc.interview.mutationOptions({ onSuccess: onDone }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const filled = slots.map((s) => s.value.slice(0, 16)).filter(Boolean);
    if (!filled.length) return;
    send.mutate({ applicationId: c.applicationId, slots: filled.map((localDateTime) => ({ localDateTime, timeZone })), note: note.trim() || undefined });
  };
  return (
    <form ref={ref} className="panel" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Ask for an interview with {c.profile.name}</h3>
      <p className="muted small">Propose one or more dates and times; the agency arranges it and confirms.</p>
      <fieldset>
        <legend>Proposed times</legend>
        {slots.map((s, i) => (
          <div className="slot" key={s.key}>
            <label htmlFor={`${id}-slot-${s.key}`}>Option {i + 1}</label>
            <input
              id={`${id}-slot-${s.key}`}
              type="datetime-local"
              required
              value={s.value}
              onChange={(e) => setSlots(slots.map((x) => (x.key === s.key ? { ...x, value: e.target.value } : x)))}
            />
            {slots.length > 1 && (
              <button type="button" className="link-button" aria-label={`Remove option ${i + 1}`} onClick={() => setSlots(slots.filter((x) => x.key !== s.key))}>
                Remove
              </button>
            )}
          </div>
        ))}
        {slots.length < 10 && (
          <button type="button" className="link-button slots-add" onClick={() => setSlots([...slots, { key: Math.max(...slots.map((x) => x.key)) + 1, value: "" }])}>
            + Add another time
          </button>
        )}
      </fieldset>
      <label htmlFor={`${id}-tz`}>Time zone</label>
      <select id={`${id}-tz`} value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z.replace(/_/g, " ")}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-note`}>Note (optional)</label>
      <textarea id={`${id}-note`} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      {send.error && (
        <p className="notice error" role="alert">
          {errorMessage(send.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={send.isPending}>
          {send.isPending ? "Sending…" : "Send interview request"}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function HireForm({ c, onDone, onCancel }: { c: Candidate; onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const ref = useFocusFirst();
  const [note, setNote] = useState("");
  const send = useMutation(trpc.hire.mutationOptions({ onSuccess: onDone }));
  return (
    <form
      ref={ref}
      className="panel"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate({ applicationId: c.applicationId, note: note.trim() || undefined });
      }}
    >
      <h3 id={`${id}-h`}>Hire {c.profile.name}</h3>
      <p className="muted small">The agency is told at once and processes the offer with you.</p>
      <label htmlFor={`${id}-note`}>Note (optional)</label>
      <textarea id={`${id}-note`} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      {send.error && (
        <p className="notice error" role="alert">
          {errorMessage(send.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={send.isPending}>
          {send.isPending ? "Sending…" : `Hire ${c.profile.name}`}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RejectForm({ c, onDone, onCancel }: { c: Candidate; onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const ref = useFocusFirst();
  const [reason, setReason] = useState("");
  const send = useMutation(trpc.reject.mutationOptions({ onSuccess: onDone }));
  return (
    <form
      ref={ref}
      className="panel"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate({ applicationId: c.applicationId, reason: reason.trim() || undefined });
      }}
    >
      <h3 id={`${id}-h`}>Reject {c.profile.name}</h3>
      <p className="muted small">The candidate moves to “Rejected by client” at once; this cannot be undone here.</p>
      <label htmlFor={`${id}-reason`}>Reason (optional)</label>
      <textarea id={`${id}-reason`} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      {send.error && (
        <p className="notice error" role="alert">
          {errorMessage(send.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button danger" disabled={send.isPending}>
          {send.isPending ? "Rejecting…" : `Reject ${c.profile.name}`}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function describe(type: string, data: Record<string, unknown>): string {
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  switch (type) {
    case "portal.viewed":
      return "Viewed the profile";
    case "portal.rated":
      return `Rated ${typeof data.rating === "number" ? data.rating : "?"} of 5`;
    case "portal.feedback":
      return `Feedback: ${str(data.comment)}`;
    case "portal.interview_requested": {
      const slots = Array.isArray(data.slots) ? (data.slots as { localDateTime?: string; timeZone?: string }[]) : [];
      const when = slots.map((s) => `${str(s.localDateTime).replace("T", " ")} (${str(s.timeZone).replace(/_/g, " ")})`).join("; ");
      return `Asked for an interview: ${when}${data.note ? ` — ${str(data.note)}` : ""}`;
    }
    case "portal.hire_requested":
      return `Asked to hire${data.note ? ` — ${str(data.note)}` : ""}`;
    case "portal.rejected":
      return `Rejected${data.reason ? `: ${str(data.reason)}` : ""}`;
    default:
      return type.replace(/^portal\./, "").replace(/_/g, " ");
  }
}

/** What the client's people did with this candidate, newest first. */
function History({ c }: { c: Candidate }) {
  if (!c.history.length) return null;
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">Your team's activity</h2>
      <ol className="history">
        {c.history.map((h, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only list, newest first, re-rendered whole
          <li key={`${h.type}-${h.at}-${i}`}>
            <span className="history-what prewrap">{describe(h.type, h.data)}</span>
            <span className="muted small">
              {h.by}, <time dateTime={new Date(h.at).toISOString()}>{formatDateTime(h.at)}</time>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
