// The capture form, shown in the page (content-script panel) and in the popup: every field read from the page
// editable, the duplicate check before adding, opening and stage pickers, tags and a note, then Add.
// Page data is untrusted: it is only ever rendered as React text and input values.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from "react";
import { type FormDraft, fromForm, parseTags, splitList, toForm } from "~lib/draft";
import { send } from "~lib/messages";
import type { AddOutcome, CaptureRes, DuplicateInfo, Failure, FieldSources, OpeningOption, Result } from "~lib/protocol";

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function failureText(f: Failure): string {
  switch (f.kind) {
    case "not_connected":
      return "Not connected to a Prospector server.";
    case "unauthorized":
      return "Your Prospector sign-in is no longer valid (the token was revoked or expired).";
    case "offline":
      return `${f.message}.`;
    case "server":
      return f.message;
  }
}

const FIELD_LABELS: Record<keyof FormDraft, string> = {
  fullName: "Full name",
  firstName: "First name",
  lastName: "Last name",
  headline: "Headline",
  title: "Current title",
  company: "Current company",
  location: "Location",
  emails: "Emails (one per line)",
  phones: "Phones (one per line)",
  profileUrl: "Profile URL",
  photoUrl: "Photo URL",
  links: "Other links (one per line)",
  skills: "Skills (comma separated)",
  summary: "Summary",
};
const MULTILINE = new Set<keyof FormDraft>(["emails", "phones", "links", "summary"]);
const WIDE = new Set<keyof FormDraft>(["fullName", "headline", "location", "emails", "phones", "profileUrl", "photoUrl", "links", "skills", "summary"]);
const SOURCE_OF: Partial<Record<keyof FormDraft, keyof FieldSources>> = {
  fullName: "fullName",
  firstName: "firstName",
  lastName: "lastName",
  headline: "headline",
  title: "title",
  company: "company",
  location: "location",
  emails: "emails",
  phones: "phones",
  profileUrl: "profileUrl",
  photoUrl: "photoUrl",
  links: "links",
  skills: "skills",
  summary: "summary",
};

function Field(props: { name: keyof FormDraft; form: FormDraft; set: (k: keyof FormDraft, v: string) => void; sources: FieldSources; autoFocus?: boolean }) {
  const id = useId();
  const { name, form, set, sources } = props;
  const src = SOURCE_OF[name] ? sources[SOURCE_OF[name]!] : undefined;
  const common = {
    id,
    name,
    value: form[name],
    onChange: (e: { target: { value: string } }) => set(name, e.target.value),
    autoFocus: props.autoFocus,
    "aria-describedby": src ? `${id}-src` : undefined,
  };
  return (
    <div className={`pp-field${WIDE.has(name) ? " pp-wide" : ""}`}>
      <label htmlFor={id}>
        {FIELD_LABELS[name]}
        {name === "fullName" ? " *" : ""}
        {src ? (
          <span className="pp-src" id={`${id}-src`}>
            {" "}
            · from {src}
          </span>
        ) : null}
      </label>
      {MULTILINE.has(name) ? (
        <textarea {...common} rows={name === "summary" ? 3 : 2} />
      ) : (
        <input {...common} type={name === "profileUrl" || name === "photoUrl" ? "url" : "text"} required={name === "fullName"} autoComplete="off" />
      )}
    </div>
  );
}

/** "Already in Prospector — <opening>, <stage>" (with a link), a possible duplicate, or new. */
export function DuplicateNotice({ result, loading }: { result: Result<DuplicateInfo> | undefined; loading: boolean }) {
  if (loading && !result) return <p className="pp-hint" role="status">Checking whether this person is already in Prospector…</p>;
  if (!result) return null;
  if (!result.ok) {
    return (
      <p className="pp-banner pp-warn" role="status">
        Duplicate check unavailable: {failureText(result.error)} The server checks again when the add is sent.
      </p>
    );
  }
  const { match, possible } = result.data;
  if (match) {
    const active = match.applications;
    return (
      <div className="pp-banner pp-warn" role="status" data-testid="duplicate">
        {active.length === 0 ? (
          <p>
            <strong>Already in Prospector</strong> — not on any opening you can see.
          </p>
        ) : (
          active.map((a) => (
            <p key={`${a.openingId}-${a.workflow}`}>
              <strong>Already in Prospector</strong> — {a.openingTitle}, {a.status === "active" ? a.stageName : "decisioned"}
              {a.workflow === "hiring" ? " (hiring)" : ""}
            </p>
          ))
        )}
        <p>
          {match.fullName}
          {match.title || match.companyName ? ` · ${[match.title, match.companyName].filter(Boolean).join(", ")}` : ""} (matched by{" "}
          {match.matchedBy.replace("_", " ")}) ·{" "}
          <a href={match.candidateUrl} target="_blank" rel="noopener noreferrer">
            Open in Prospector
          </a>
        </p>
        {match.doNotContact ? (
          <p>
            <strong>Do not contact</strong> is set for this person.
          </p>
        ) : null}
        {match.onOpening ? <p>They are already on the selected opening: adding again is refused.</p> : <p>Adding links them to the opening (no second candidate).</p>}
      </div>
    );
  }
  if (possible.length > 0) {
    return (
      <div className="pp-banner pp-info" role="status" data-testid="possible-duplicates">
        <p>Not matched by profile, email or phone, but similar people exist:</p>
        <ul>
          {possible.slice(0, 5).map((p) => (
            <li key={p.id}>
              <a href={p.candidateUrl} target="_blank" rel="noopener noreferrer">
                {p.fullName}
              </a>
              {p.title || p.companyName ? ` — ${[p.title, p.companyName].filter(Boolean).join(", ")}` : ""}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <p className="pp-banner pp-info" role="status" data-testid="not-duplicate">
      New to Prospector.
    </p>
  );
}

/** What happened to the add, in the words a sourcer needs. */
export function OutcomeNotice({ outcome, afterAdd = false }: { outcome: AddOutcome; afterAdd?: boolean }): ReactNode {
  switch (outcome.state) {
    case "added":
      return (
        <div className="pp-banner pp-ok" role="status" data-testid="outcome-added">
          <p>
            <strong>{outcome.outcome === "created" ? "Added" : "Existing candidate added"}</strong> to {outcome.openingTitle} — {outcome.stageName}.
          </p>
          <p>
            <a href={outcome.candidateUrl} target="_blank" rel="noopener noreferrer">
              Open in Prospector
            </a>
          </p>
        </div>
      );
    case "queued":
      return (
        <div className="pp-banner pp-warn" role="status" data-testid="outcome-queued">
          <p>
            <strong>Saved — the server cannot be reached.</strong> It will be sent automatically when it is back ({outcome.waiting} waiting).
          </p>
        </div>
      );
    case "conflict":
      return (
        <div className="pp-banner pp-warn" role="alert" data-testid="outcome-conflict">
          <p>
            <strong>Already on {outcome.openingTitle}</strong>
            {outcome.stageName ? ` — ${outcome.stageName}` : ""}. Nothing was added.
          </p>
          {outcome.candidateUrl ? (
            <p>
              <a href={outcome.candidateUrl} target="_blank" rel="noopener noreferrer">
                Open in Prospector
              </a>
            </p>
          ) : null}
        </div>
      );
    case "not_connected":
      return (
        <p className="pp-banner pp-error" role="alert" data-testid="outcome-not-connected">
          Not connected: click the Prospector button in the toolbar and connect to your server.
        </p>
      );
    case "unauthorized":
      return (
        <p className="pp-banner pp-error" role="alert" data-testid="outcome-unauthorized">
          Your Prospector sign-in is no longer valid (the token was revoked). Connect again from the Prospector toolbar button
          {afterAdd ? "; this add is kept and sent then." : "."}
        </p>
      );
    case "opening_archived":
      return (
        <p className="pp-banner pp-error" role="alert" data-testid="outcome-archived">
          This opening was archived meanwhile and takes no new prospects: pick another one. ({outcome.message})
        </p>
      );
    case "prospecting_off":
      return (
        <p className="pp-banner pp-error" role="alert" data-testid="outcome-prospecting-off">
          Prospecting was switched off on this opening meanwhile: pick another one. ({outcome.message})
        </p>
      );
    case "invalid":
    case "error":
      return (
        <p className="pp-banner pp-error" role="alert" data-testid="outcome-error">
          Not added: {outcome.message}
        </p>
      );
  }
}

/** Takes the focus when it appears: the form it replaces (and its focused Add button) is gone. */
function DoneButton({ onDone }: { onDone: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <button ref={ref} type="button" className="pp-primary" onClick={onDone}>
      Done
    </button>
  );
}

function matchesFilter(o: OpeningOption, q: string) {
  if (!q) return true;
  const hay = `${o.title} ${o.department} ${o.location}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .every((w) => hay.includes(w));
}

export function CaptureForm({ capture, onDone }: { capture: CaptureRes; onDone?: () => void }) {
  const qc = useQueryClient();
  const ids = { filter: useId(), opening: useId(), stage: useId(), tags: useId(), note: useId(), heading: useId() };
  const status = useQuery({ queryKey: ["status"], queryFn: () => send("status", {}) });
  const connected = status.data?.connected ?? false;
  const [form, setForm] = useState<FormDraft>(() => toForm(capture.draft));
  const set = (k: keyof FormDraft, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const [filter, setFilter] = useState("");
  const [openingId, setOpeningId] = useState<number | null>(null);
  const [stageId, setStageId] = useState<number | null>(null);
  const [tags, setTags] = useState("");
  const [note, setNote] = useState("");
  const [outcome, setOutcome] = useState<AddOutcome | null>(null);

  const openings = useQuery({ queryKey: ["openings"], queryFn: () => send("openings", {}), enabled: connected });
  const all = openings.data?.ok ? openings.data.data : [];
  const shown = useMemo(() => all.filter((o) => matchesFilter(o, filter.trim())), [all, filter]);
  useEffect(() => {
    // The last used opening is first in the list; keep the choice visible when filtering.
    if (shown.length === 0) return;
    if (openingId === null || !shown.some((o) => o.id === openingId)) setOpeningId(shown[0]!.id);
  }, [shown, openingId]);

  const stages = useQuery({ queryKey: ["stages", openingId], queryFn: () => send("stages", { openingId: openingId! }), enabled: connected && openingId !== null });
  const stageList = stages.data?.ok ? stages.data.data : [];
  useEffect(() => {
    if (stageList.length === 0) return;
    if (stageId !== null && stageList.some((s) => s.id === stageId)) return;
    const last = status.data?.lastUsed;
    const preferred = last && last.openingId === openingId ? stageList.find((s) => s.id === last.stageId) : undefined;
    setStageId((preferred ?? stageList[0]!).id);
  }, [stageList, stageId, openingId, status.data?.lastUsed]);

  const lookupReq = useDebounced(
    useMemo(
      () => ({
        profileUrl: form.profileUrl.trim() || null,
        emails: splitList(form.emails.toLowerCase()),
        phones: splitList(form.phones),
        fullName: form.fullName.trim(),
        company: form.company.trim(),
        ...(openingId !== null ? { openingId } : {}),
      }),
      [form.profileUrl, form.emails, form.phones, form.fullName, form.company, openingId],
    ),
    350,
  );
  const canLookup = connected && Boolean(lookupReq.profileUrl || lookupReq.emails.length || lookupReq.phones.length || lookupReq.fullName);
  const dup = useQuery({ queryKey: ["lookup", lookupReq], queryFn: () => send("lookup", lookupReq), enabled: canLookup, placeholderData: (prev) => prev });

  const add = useMutation({
    mutationFn: () => {
      const opening = all.find((o) => o.id === openingId);
      const stage = stageList.find((s) => s.id === stageId);
      return send("add", {
        draft: fromForm(form, capture.pageUrl),
        openingId: openingId!,
        openingTitle: opening?.title ?? "",
        stageId: stageId!,
        stageName: stage?.name ?? "",
        tags: parseTags(tags),
        note: note.trim(),
      });
    },
    onSuccess: (o) => {
      setOutcome(o);
      if (o.state === "opening_archived" || o.state === "prospecting_off") {
        setOpeningId(null);
        setStageId(null);
        void qc.invalidateQueries({ queryKey: ["openings"] });
      }
      if (o.state === "added" || o.state === "conflict") void qc.invalidateQueries({ queryKey: ["lookup"] });
      void qc.invalidateQueries({ queryKey: ["status"] });
    },
    onError: (err) => setOutcome({ state: "error", message: err instanceof Error ? err.message : String(err) }),
  });

  // A 401 on any call means the token was revoked: say that, not a list of failed parts.
  const revoked = [openings.data, stages.data, dup.data].some((r) => r && !r.ok && r.error.kind === "unauthorized");
  if (status.isPending) return <p className="pp-hint">Loading…</p>;
  if (!connected || revoked) {
    return (
      <div className="pp-form">
        <OutcomeNotice
          outcome={revoked || status.data?.signedOutBecause ? { state: "unauthorized" } : { state: "not_connected" }}
          afterAdd={outcome?.state === "unauthorized"}
        />
      </div>
    );
  }

  if (outcome?.state === "added" || outcome?.state === "queued") {
    return (
      <div className="pp-form">
        <OutcomeNotice outcome={outcome} />
        <div className="pp-actions">
          {onDone ? (
            <DoneButton onDone={onDone} />
          ) : null}
        </div>
      </div>
    );
  }

  const nameMissing = form.fullName.trim() === "";
  const ready = !nameMissing && openingId !== null && stageId !== null && !add.isPending;
  const order: (keyof FormDraft)[] = ["fullName", "firstName", "lastName", "headline", "title", "company", "location", "emails", "phones", "profileUrl", "links", "skills", "photoUrl", "summary"];

  return (
    <form
      className="pp-form"
      aria-labelledby={ids.heading}
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) add.mutate();
      }}
    >
      <h3 id={ids.heading} className="pp-sr">
        Add {form.fullName || "this person"} as a prospect
      </h3>
      {capture.draft ? null : <p className="pp-banner pp-info">No person found on this page: fill in the fields by hand.</p>}
      {canLookup ? <DuplicateNotice result={dup.data} loading={dup.isFetching} /> : null}
      {outcome ? <OutcomeNotice outcome={outcome} afterAdd /> : null}

      <fieldset>
        <legend>Person</legend>
        {order.map((k) => (
          <Field key={k} name={k} form={form} set={set} sources={capture.sources} autoFocus={k === "fullName"} />
        ))}
      </fieldset>

      <fieldset>
        <legend>Add to</legend>
        {openings.data && !openings.data.ok ? (
          <p className="pp-banner pp-error pp-wide" role="alert" style={{ gridColumn: "1 / -1" }}>
            Openings could not be loaded: {failureText(openings.data.error)}
          </p>
        ) : null}
        {openings.data?.ok && openings.data.stale ? (
          <p className="pp-hint" style={{ gridColumn: "1 / -1" }}>
            Offline: the openings as last seen. The add is queued and sent when the server is back.
          </p>
        ) : null}
        <div className="pp-field pp-wide">
          <label htmlFor={ids.filter}>Find an opening</label>
          <input id={ids.filter} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Title, department or location" autoComplete="off" />
        </div>
        <div className="pp-field pp-wide">
          <label htmlFor={ids.opening}>Opening</label>
          <select
            id={ids.opening}
            name="opening"
            value={openingId ?? ""}
            onChange={(e) => {
              setOpeningId(Number(e.target.value));
              setStageId(null);
            }}
            disabled={shown.length === 0}
          >
            {shown.length === 0 ? <option value="">{openings.isPending ? "Loading openings…" : all.length ? "No opening matches" : "No open opening with prospecting on"}</option> : null}
            {shown.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
                {o.location ? ` · ${o.location}` : ""}
                {o.lastUsedAt && o.id === all[0]?.id ? " (last used)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="pp-field pp-wide">
          <label htmlFor={ids.stage}>Prospecting stage</label>
          <select id={ids.stage} name="stage" value={stageId ?? ""} onChange={(e) => setStageId(Number(e.target.value))} disabled={stageList.length === 0}>
            {stageList.length === 0 ? <option value="">{stages.isFetching ? "Loading stages…" : "—"}</option> : null}
            {stageList.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="pp-field pp-wide">
          <label htmlFor={ids.tags}>Tags (comma separated)</label>
          <input id={ids.tags} name="tags" value={tags} onChange={(e) => setTags(e.target.value)} autoComplete="off" />
        </div>
        <div className="pp-field pp-wide">
          <label htmlFor={ids.note}>Note</label>
          <textarea id={ids.note} name="note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
        </div>
      </fieldset>

      <div className="pp-actions">
        {nameMissing ? <span className="pp-hint">A name is required.</span> : null}
        {onDone ? (
          <button type="button" className="pp-secondary" onClick={onDone}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="pp-primary" disabled={!ready}>
          {add.isPending ? "Adding…" : "Add"}
        </button>
      </div>
    </form>
  );
}
