import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Link, Navigate, NavLink, Route, Routes, useParams } from "react-router";
import { PortalLink } from "../components/sharing";
import { Board } from "../components/board";
import { ErrorNote, Loading } from "../components/query-state";
import { StageEditor } from "../components/stage-editor";
import { useToast } from "../components/toast";
import { errorCode, errorMessage } from "../lib/errors";
import { OPENING_STATUSES, type OpeningStatus, STATUS_LABELS } from "../lib/format";
import { isAdminRole, useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import { positiveInt } from "../lib/url-state";
import { OpeningProspects } from "../components/prospects";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { NotFoundPage } from "./not-found";

type Opening = RouterOutputs["openings"]["get"];

/** Prospects stay (and can move on) after prospecting is switched off, so the board stays while it holds any. */
export const showsProspectingBoard = (o: Opening) => o.prospectingEnabled || o.prospectingStages.some((s) => s.count > 0);

export function OpeningPage() {
  const id = positiveInt(useParams().openingId);
  const trpc = useTRPC();
  const opening = useQuery({ ...trpc.openings.get.queryOptions({ openingId: id ?? 0 }), enabled: id !== undefined });
  usePageTitle(opening.data?.title ?? "Opening");
  if (id === undefined) return <NotFoundPage />;
  if (opening.isPending) return <Loading label="Loading the opening…" />;
  if (errorCode(opening.error) === "NOT_FOUND") return <OpeningNotFound />;
  if (opening.error) return <ErrorNote error={opening.error} retry={() => void opening.refetch()} title="Could not open this opening" />;
  const o = opening.data;
  // Absolute paths: relative links inside a splat route would stack up.
  const base = `/openings/${o.id}`;
  const tabs = [
    { to: "pipeline", label: "Pipeline" },
    ...(showsProspectingBoard(o)
      ? [
          { to: "prospecting", label: "Prospecting" },
          { to: "prospects", label: "Prospects follow-up" },
        ]
      : []),
    { to: "details", label: "Job details" },
    { to: "sources", label: "Candidate sources" },
    { to: "settings", label: "Job settings" },
  ];
  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/openings">Openings</Link> /
          </p>
          <h1>
            {o.title} <span className={`badge status-${o.status}`}>{STATUS_LABELS[o.status]}</span>
          </h1>
          <p className="muted">{[o.department, o.location].filter(Boolean).join(" · ")}</p>
        </div>
        <div className="actions">
          {o.status !== "archived" && (
            <Link className="button" to={`/candidates/new?opening=${o.id}&workflow=hiring`}>
              Add candidate
            </Link>
          )}
          {o.status !== "archived" && o.prospectingEnabled && (
            <Link className="button" to={`/candidates/new?opening=${o.id}&workflow=prospecting`}>
              Add prospect
            </Link>
          )}
        </div>
      </div>
      {o.status === "archived" && (
        <p className="notice" role="status">
          This opening is archived: it accepts no new candidates. Its candidates can still be moved and decisioned.
        </p>
      )}
      {o.clientId != null && <PortalLink openingId={o.id} />}
      <nav className="tabs" aria-label="Opening sections">
        {tabs.map((t) => (
          <NavLink key={t.to} to={`${base}/${t.to}`} className="tab">
            {t.label}
          </NavLink>
        ))}
      </nav>
      <div className="tab-panel">
        <Routes>
          <Route index element={<Navigate to={`${base}/pipeline`} replace />} />
          <Route path="pipeline" element={<Board opening={o} workflow="hiring" />} />
          <Route
            path="prospecting"
            element={
              showsProspectingBoard(o) ? (
                <Board opening={o} workflow="prospecting" />
              ) : (
                <p className="notice">
                  Prospecting is off for this opening. Switch it on under <Link to={`${base}/sources`}>Candidate sources</Link>.
                </p>
              )
            }
          />
          <Route path="prospects" element={<OpeningProspects opening={o} />} />
          <Route path="details" element={<JobDetails opening={o} />} />
          <Route path="sources" element={<CandidateSources opening={o} />} />
          <Route path="settings" element={<JobSettings opening={o} />} />
          <Route path="*" element={<Navigate to={`${base}/pipeline`} replace />} />
        </Routes>
      </div>
    </>
  );
}

/** The server answers "not found" for an opening of another company and for one whose team the recruiter is not on. */
function OpeningNotFound() {
  usePageTitle("Opening not found");
  return (
    <section>
      <h1>Opening not found</h1>
      <p>
        This opening does not exist, or you are not on its hiring team. An admin can add you to the team. See <Link to="/openings">all openings you can see</Link>.
      </p>
    </section>
  );
}

function useSetOpening() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return (o: Opening) => {
    qc.setQueryData(trpc.openings.get.queryKey({ openingId: o.id }), o);
    void qc.invalidateQueries(trpc.openings.list.pathFilter());
  };
}

function ReadOnlyNote({ opening }: { opening: Opening }) {
  if (opening.canManage) return null;
  return <p className="notice">Only admins and the job owner can change this opening.</p>;
}

function JobDetails({ opening }: { opening: Opening }) {
  const trpc = useTRPC();
  const toast = useToast();
  const setOpening = useSetOpening();
  const [form, setForm] = useState({ title: opening.title, department: opening.department, location: opening.location, description: opening.description });
  useEffect(
    () => setForm({ title: opening.title, department: opening.department, location: opening.location, description: opening.description }),
    [opening.title, opening.department, opening.location, opening.description],
  );
  const update = useMutation(
    trpc.openings.update.mutationOptions({
      onSuccess: (o) => {
        setOpening(o);
        toast.success("Job details saved");
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ openingId: opening.id, ...form });
  };
  const ro = !opening.canManage;
  return (
    <form className="card form narrow" onSubmit={submit}>
      <h2>Job details</h2>
      <ReadOnlyNote opening={opening} />
      {update.error && (
        <p className="notice notice-error" role="alert">
          {errorMessage(update.error)}
        </p>
      )}
      <label className="field">
        <span>Title</span>
        <input required readOnly={ro} maxLength={200} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
      </label>
      <div className="row">
        <label className="field">
          <span>Department</span>
          <input readOnly={ro} maxLength={200} value={form.department} onChange={(e) => setForm({ ...form, department: e.target.value })} />
        </label>
        <label className="field">
          <span>Location</span>
          <input readOnly={ro} maxLength={200} value={form.location} onChange={(e) => setForm({ ...form, location: e.target.value })} />
        </label>
      </div>
      <label className="field">
        <span>Description</span>
        <textarea readOnly={ro} rows={10} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
      </label>
      {!ro && (
        <div className="actions">
          <button type="submit" className="button-primary" disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save details"}
          </button>
        </div>
      )}
    </form>
  );
}

function CandidateSources({ opening }: { opening: Opening }) {
  const trpc = useTRPC();
  const toast = useToast();
  const setOpening = useSetOpening();
  const [managing, setManaging] = useState(false);
  // The switch shows the new position at once (set synchronously), until the server has answered.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const toggle = useMutation(
    trpc.openings.setProspecting.mutationOptions({
      onSuccess: (o) => {
        setOpening(o);
        toast.success(o.prospectingEnabled ? "Prospecting is on" : "Prospecting is off");
      },
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: () => setWanted(null),
    }),
  );
  const on = wanted ?? opening.prospectingEnabled;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="prospecting-h">
        <div className="box-head">
          <div>
            <h2 id="prospecting-h">Prospecting</h2>
            <p className="muted">
              Sourcers add people they find (for example with the Chrome extension) to this opening's own prospecting stages, then move the
              interested ones into hiring.
            </p>
          </div>
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              aria-checked={on}
              checked={on}
              disabled={!opening.canManage || toggle.isPending}
              onChange={(e) => {
                setWanted(e.target.checked);
                toggle.mutate({ openingId: opening.id, enabled: e.target.checked });
              }}
            />
            <span>{on ? "On" : "Off"}</span>
            <span className="sr-only"> — prospecting for this opening</span>
          </label>
        </div>
        {!opening.prospectingEnabled && opening.prospectingStages.some((s) => s.count > 0) && (
          <p className="notice">Prospecting is off: nobody new can be added, but the prospects already here can still move on or be decisioned.</p>
        )}
        {opening.prospectingEnabled && (
          <>
            <p>
              <span className="stage-summary">Stages: {opening.prospectingStages.map((s) => s.name).join(" → ")}</span>{" "}
              {opening.canManage && (
                <button type="button" className="button-small" aria-expanded={managing} onClick={() => setManaging((m) => !m)}>
                  {managing ? "Done" : "Manage stages"}
                </button>
              )}
            </p>
            {managing && <StageEditor opening={opening} workflow="prospecting" />}
          </>
        )}
      </section>
      <CareersPageSwitch opening={opening} />
      <section className="card" aria-labelledby="other-sources-h">
        <h2 id="other-sources-h">Other ways in</h2>
        <ul className="plain-list">
          <li>
            <Link to={`/candidates/new?opening=${opening.id}&workflow=hiring`}>Add a candidate by hand</Link>
          </li>
          <li>
            <Link to={`/import?opening=${opening.id}`}>Bulk upload a CSV</Link> into a stage of this opening
          </li>
          <li>The Chrome extension adds prospects from profile pages (Personal settings → API tokens).</li>
        </ul>
      </section>
    </div>
  );
}

/** The "Published" switch: the opening is listed on the company's public careers page (while open) with an Apply form. */
function CareersPageSwitch({ opening }: { opening: Opening }) {
  const trpc = useTRPC();
  const toast = useToast();
  const setOpening = useSetOpening();
  const company = useQuery(trpc.company.get.queryOptions());
  const [wanted, setWanted] = useState<boolean | null>(null);
  const toggle = useMutation(
    trpc.openings.setPublished.mutationOptions({
      onSuccess: (o) => {
        setOpening(o);
        toast.success(o.published ? "Published on the careers page" : "Taken off the careers page");
      },
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: () => setWanted(null),
    }),
  );
  const on = wanted ?? opening.published;
  const slug = company.data?.slug;
  return (
    <section className="card" aria-labelledby="published-h">
      <div className="box-head">
        <div>
          <h2 id="published-h">Careers page</h2>
          <p className="muted">Published openings are listed on your public careers page while they are open; people apply there with their CV.</p>
        </div>
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            aria-checked={on}
            checked={on}
            disabled={!opening.canManage || toggle.isPending || (!on && opening.status === "archived")}
            onChange={(e) => {
              setWanted(e.target.checked);
              toggle.mutate({ openingId: opening.id, published: e.target.checked });
            }}
          />
          <span>{on ? "Published" : "Not published"}</span>
          <span className="sr-only"> — on the careers page</span>
        </label>
      </div>
      {opening.published && opening.status !== "open" && (
        <p className="notice">This opening is published but not open, so the careers page does not list it and refuses applications.</p>
      )}
      {slug && (
        <p>
          <a href={`/jobs/${encodeURIComponent(slug)}${opening.published && opening.status === "open" ? `/${opening.id}` : ""}`} target="_blank" rel="noreferrer">
            {opening.published && opening.status === "open" ? "This job on the careers page" : "Your careers page"}
          </a>
        </p>
      )}
    </section>
  );
}

function JobSettings({ opening }: { opening: Opening }) {
  const trpc = useTRPC();
  const toast = useToast();
  const me = useMe();
  const setOpening = useSetOpening();
  const [status, setStatus] = useState<OpeningStatus>(opening.status);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [newMember, setNewMember] = useState<number | "">("");
  useEffect(() => setStatus(opening.status), [opening.status]);
  const users = useQuery(trpc.users.directory.queryOptions());
  const opts = (msg: string) => ({
    onSuccess: (o: Opening) => {
      setOpening(o);
      toast.success(msg);
    },
    onError: (e: unknown) => toast.error(errorMessage(e)),
  });
  const setStatusM = useMutation(trpc.openings.setStatus.mutationOptions(opts("Status saved")));
  const archive = useMutation(trpc.openings.archive.mutationOptions(opts("Opening archived")));
  const addMember = useMutation(trpc.openings.team.add.mutationOptions(opts("Added to the hiring team")));
  const removeMember = useMutation(trpc.openings.team.remove.mutationOptions(opts("Removed from the hiring team")));
  const ro = !opening.canManage;
  const candidatesToAdd = (users.data ?? []).filter((u) => u.active && !opening.team.some((t) => t.id === u.id));
  return (
    <div className="stack">
      <ReadOnlyNote opening={opening} />
      <ClientSetting opening={opening} readOnly={ro} />
      <section className="card" aria-labelledby="status-h">
        <h2 id="status-h">Status</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setStatusM.mutate({ openingId: opening.id, status });
          }}
        >
          <label className="field field-inline">
            <span>Status</span>
            <select value={status} disabled={ro} onChange={(e) => setStatus(e.target.value as OpeningStatus)}>
              {OPENING_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          {!ro && (
            <button type="submit" className="button" disabled={status === opening.status || setStatusM.isPending}>
              Save status
            </button>
          )}
        </form>
        {!ro && opening.status !== "archived" && (
          <div className="archive">
            {confirmArchive ? (
              <fieldset className="plain-fieldset">
                <legend className="sr-only">Confirm archiving</legend>
                <p>Archive "{opening.title}"? Nobody new can be added to it; its candidates can still be moved and decisioned.</p>
                <button type="button" className="button button-danger" onClick={() => archive.mutate({ openingId: opening.id }, { onSettled: () => setConfirmArchive(false) })}>
                  Archive opening
                </button>{" "}
                <button type="button" className="button" onClick={() => setConfirmArchive(false)}>
                  Cancel
                </button>
              </fieldset>
            ) : (
              <button type="button" className="button button-danger" onClick={() => setConfirmArchive(true)}>
                Archive…
              </button>
            )}
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="team-h">
        <h2 id="team-h">Hiring team</h2>
        <ul className="plain-list">
          {opening.team.map((m) => (
            <li key={m.id} className="team-row">
              <span>
                {m.name} <span className="muted">· {m.email}</span>
                {m.id === opening.ownerId && <span className="badge">Job owner</span>}
                {!m.active && <span className="badge badge-warn">Deactivated</span>}
              </span>
              {!ro && m.id !== opening.ownerId && (
                <button
                  type="button"
                  className="button-small"
                  aria-label={`Remove ${m.name} from the hiring team`}
                  onClick={() => removeMember.mutate({ openingId: opening.id, userId: m.id })}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
        {!ro && (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (newMember !== "") addMember.mutate({ openingId: opening.id, userId: newMember }, { onSuccess: () => setNewMember("") });
            }}
          >
            <label className="field field-inline">
              <span>Add to the team</span>
              <select value={newMember} onChange={(e) => setNewMember(e.target.value ? Number(e.target.value) : "")}>
                <option value="">Choose a colleague…</option>
                {candidatesToAdd.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="button" disabled={newMember === ""}>
              Add
            </button>
          </form>
        )}
        {isAdminRole(me.role) && <p className="muted">Admins see every opening; recruiters see the openings whose hiring team they are on.</p>}
      </section>
      <section className="card" aria-labelledby="hiring-stages-h">
        <h2 id="hiring-stages-h">Hiring workflow</h2>
        {ro ? <p>{opening.hiringStages.map((s) => s.name).join(" → ")}</p> : <StageEditor opening={opening} workflow="hiring" />}
      </section>
    </div>
  );
}

/** The client the opening is for: whom its candidates can be shared with on the portal. */
function ClientSetting({ opening, readOnly }: { opening: Opening; readOnly: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const setOpening = useSetOpening();
  const clients = useQuery(trpc.clients.list.queryOptions());
  const [clientId, setClientId] = useState<number | "">(opening.clientId ?? "");
  useEffect(() => setClientId(opening.clientId ?? ""), [opening.clientId]);
  const save = useMutation(
    trpc.openings.update.mutationOptions({
      onSuccess: (o) => {
        setOpening(o);
        toast.success("Client saved");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <section className="card" aria-labelledby="client-h">
      <h2 id="client-h">Client</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ openingId: opening.id, clientId: clientId === "" ? null : clientId });
        }}
      >
        <label className="field field-inline">
          <span>Client</span>
          <select value={clientId} disabled={readOnly} onChange={(e) => setClientId(e.target.value ? Number(e.target.value) : "")}>
            <option value="">No client</option>
            {(clients.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {!readOnly && (
          <button type="submit" className="button" disabled={clientId === (opening.clientId ?? "") || save.isPending}>
            Save client
          </button>
        )}
      </form>
    </section>
  );
}
