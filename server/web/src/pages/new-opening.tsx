import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useToast } from "../components/toast";
import { errorMessage } from "../lib/errors";
import { OPENING_STATUSES, type OpeningStatus, STATUS_LABELS } from "../lib/format";
import { isAdminRole, useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import { useTRPC } from "../trpc";

export function NewOpeningPage() {
  usePageTitle("New opening");
  const me = useMe();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [form, setForm] = useState({ title: "", department: "", location: "", description: "", status: "open" as OpeningStatus, prospecting: false });
  const create = useMutation(
    trpc.openings.create.mutationOptions({
      onSuccess: (o) => {
        qc.setQueryData(trpc.openings.get.queryKey({ openingId: o.id }), o);
        void qc.invalidateQueries(trpc.openings.list.pathFilter());
        toast.success(`Opening "${o.title}" created`);
        navigate(`/openings/${o.id}`);
      },
    }),
  );
  if (!isAdminRole(me.role)) {
    return (
      <section>
        <h1>New opening</h1>
        <p className="notice">Only admins create openings. Ask an admin to create one and add you to its hiring team.</p>
      </section>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      title: form.title,
      department: form.department,
      location: form.location,
      description: form.description,
      status: form.status,
      prospectingEnabled: form.prospecting,
    });
  };
  return (
    <section className="narrow">
      <h1>New opening</h1>
      <form className="card form" onSubmit={submit}>
        {create.error && (
          <p className="notice notice-error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        <label className="field">
          <span>Title</span>
          <input required maxLength={200} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
        </label>
        <div className="row">
          <label className="field">
            <span>Department</span>
            <input maxLength={200} value={form.department} onChange={(e) => setForm({ ...form, department: e.target.value })} />
          </label>
          <label className="field">
            <span>Location</span>
            <input maxLength={200} value={form.location} onChange={(e) => setForm({ ...form, location: e.target.value })} />
          </label>
        </div>
        <label className="field">
          <span>Description</span>
          <textarea rows={6} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </label>
        <label className="field">
          <span>Status</span>
          <select value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value as OpeningStatus })}>
            {OPENING_STATUSES.filter((s) => s !== "archived").map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={form.prospecting} onChange={(e) => setForm({ ...form, prospecting: e.target.checked })} /> Switch prospecting on
          (stages Identified, Contacted, Replied, Interested — editable later)
        </label>
        <p className="muted">The hiring workflow starts with New, Phone screen, Interview and Offer; you can change it on the opening's Job settings.</p>
        <div className="actions">
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create opening"}
          </button>
          <Link to="/openings">Cancel</Link>
        </div>
      </form>
    </section>
  );
}
