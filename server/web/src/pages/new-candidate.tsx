import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { PlacementPicker } from "../components/opening-picker";
import { useToast } from "../components/toast";
import { errorInfo } from "../lib/errors";
import { FOCUS_HEADING } from "../lib/focus";
import { splitList } from "../lib/format";
import { usePageTitle } from "../lib/page-title";
import { positiveInt } from "../lib/url-state";
import { useTRPC } from "../trpc";

const emptyForm = { fullName: "", title: "", company: "", location: "", headline: "", emails: "", phones: "", profileUrl: "", skills: "", summary: "" };

export function NewCandidatePage() {
  usePageTitle("Add a candidate");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form, setForm] = useState(emptyForm);
  const [placement, setPlacement] = useState({
    openingId: positiveInt(params.get("opening")),
    workflow: params.get("workflow") === "prospecting" ? ("prospecting" as const) : ("hiring" as const),
    stageId: undefined as number | undefined,
  });
  const field = (k: keyof typeof emptyForm) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });

  // Identities typed so far: who is already known is shown before anything is created.
  const emails = splitList(form.emails);
  const phones = splitList(form.phones);
  const lookupInput = { profileUrl: form.profileUrl.trim() || null, emails, phones, fullName: form.fullName.trim(), company: form.company.trim(), openingId: placement.openingId };
  const hasIdentity = Boolean(lookupInput.profileUrl || emails.length || phones.length || (lookupInput.fullName && lookupInput.company));
  const lookup = useQuery({ ...trpc.duplicates.lookup.queryOptions(lookupInput), enabled: hasIdentity, staleTime: 5_000 });

  const create = useMutation(
    trpc.candidates.create.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries(trpc.candidates.list.pathFilter());
        void qc.invalidateQueries(trpc.openings.pathFilter());
        void qc.invalidateQueries(trpc.dashboard.pathFilter());
        toast.success(
          r.outcome === "created"
            ? `Added${r.stageName ? ` to ${r.stageName}` : ""}`
            : `Already known (same ${r.matchedBy?.replace("_", " ")}): linked${r.stageName ? ` and put in ${r.stageName}` : ""}`,
        );
        navigate(`/candidates/${r.candidateId}`, { state: FOCUS_HEADING });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      draft: {
        fullName: form.fullName,
        title: form.title,
        company: form.company,
        location: form.location,
        headline: form.headline,
        emails,
        phones,
        profileUrl: form.profileUrl.trim() || null,
        skills: splitList(form.skills, /,/),
        summary: form.summary,
        links: [],
      },
      placement: placement.openingId ? { openingId: placement.openingId, workflow: placement.workflow, stageId: placement.stageId } : undefined,
    });
  };
  const err = create.error ? errorInfo(create.error) : null;
  const conflictId = err?.code === "CONFLICT" && typeof err.details?.candidateId === "number" ? err.details.candidateId : null;
  const match = lookup.data?.match;
  return (
    <section className="narrow">
      <h1>Add a candidate</h1>
      <form className="card form" onSubmit={submit}>
        {err && (
          <div className="notice notice-error" role="alert">
            <strong>Not added.</strong> {err.message}
            {conflictId && (
              <>
                {" "}
                <Link to={`/candidates/${conflictId}`}>Open the existing profile</Link>
              </>
            )}
          </div>
        )}
        <label className="field">
          <span>Full name</span>
          <input required maxLength={300} autoComplete="off" {...field("fullName")} />
        </label>
        <div className="row">
          <label className="field">
            <span>Current title</span>
            <input maxLength={300} {...field("title")} />
          </label>
          <label className="field">
            <span>Current company</span>
            <input maxLength={300} {...field("company")} />
          </label>
        </div>
        <div className="row">
          <label className="field">
            <span>Location</span>
            <input maxLength={300} {...field("location")} />
          </label>
          <label className="field">
            <span>Headline</span>
            <input maxLength={500} {...field("headline")} />
          </label>
        </div>
        <label className="field">
          <span>Profile URL (LinkedIn, GitHub…)</span>
          <input type="url" maxLength={2000} {...field("profileUrl")} />
        </label>
        <div className="row">
          <label className="field">
            <span>Emails (one per line)</span>
            <textarea rows={2} {...field("emails")} />
          </label>
          <label className="field">
            <span>Phones (one per line)</span>
            <textarea rows={2} {...field("phones")} />
          </label>
        </div>
        <label className="field">
          <span>Skills (comma-separated)</span>
          <input {...field("skills")} />
        </label>
        <label className="field">
          <span>Notes / summary</span>
          <textarea rows={3} {...field("summary")} />
        </label>
        {match && (
          <div className="notice notice-warn" role="status">
            <strong>Already known:</strong> <Link to={`/candidates/${match.candidateId}`}>{match.fullName}</Link> (same {match.matchedBy.replace("_", " ")})
            {match.onOpening ? " — already on this opening." : ". Saving links this person instead of creating a second profile."}
            {match.doNotContact && <span className="badge badge-warn">Do not contact</span>}
          </div>
        )}
        {!match && (lookup.data?.possible.length ?? 0) > 0 && (
          <div className="notice" role="status">
            Possible duplicate:{" "}
            {lookup.data?.possible.map((p, i) => (
              <span key={p.id}>
                {i > 0 && ", "}
                <Link to={`/candidates/${p.id}`}>{p.fullName}</Link> {p.companyName && `(${p.companyName})`}
              </span>
            ))}
          </div>
        )}
        <PlacementPicker idPrefix="new" allowNone {...placement} onChange={setPlacement} />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {create.isPending ? "Saving…" : placement.workflow === "prospecting" && placement.openingId ? "Add prospect" : "Add candidate"}
          </button>
          <Link to={placement.openingId ? `/openings/${placement.openingId}` : "/candidates"}>Cancel</Link>
        </div>
      </form>
    </section>
  );
}
