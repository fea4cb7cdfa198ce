import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { Link } from "react-router";
import { Empty, ErrorNote, Loading, QueryView } from "../components/query-state";
import { SettingsTabs } from "../components/settings-tabs";
import { useToast } from "../components/toast";
import { errorMessage } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import { positiveInt, useUrlFilters } from "../lib/url-state";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";

type Template = RouterOutputs["templates"]["list"][number];
type Draft = { name: string; subject: string; body: string };

/** Company message templates: super admins create, edit and delete; everyone uses them (and can read them here). */
export function TemplatesPage() {
  usePageTitle("Message templates");
  const me = useMe();
  const trpc = useTRPC();
  const canEdit = me.role === "super_admin";
  const list = useQuery(trpc.templates.list.queryOptions());
  const { params, set } = useUrlFilters();
  const selectedId = params.get("template") === "new" ? "new" : positiveInt(params.get("template"));
  const selected = typeof selectedId === "number" ? list.data?.find((t) => t.id === selectedId) : undefined;
  return (
    <section className="stack">
      <h1>Message templates</h1>
      {canEdit && <SettingsTabs />}
      <p className="muted">
        Templates are shared by everybody in the company and used when messaging prospects.{" "}
        {canEdit ? "As a super admin you can create, edit and delete them." : "Only super admins can change them."}
      </p>
      <QueryView query={list} loading="Loading templates…">
        {(templates) => (
          <div className="templates-grid">
            <nav className="card template-list" aria-label="Templates">
              {templates.length === 0 ? (
                <Empty title="No templates yet." />
              ) : (
                <ul className="plain-list">
                  {templates.map((t) => (
                    <li key={t.id}>
                      <Link to={`/settings/templates?template=${t.id}`} aria-current={t.id === selectedId ? "true" : undefined} className={t.id === selectedId ? "current" : undefined}>
                        {t.name}
                      </Link>
                      {t.defaultKey && <span className="badge">Built-in</span>}
                    </li>
                  ))}
                </ul>
              )}
              {canEdit && (
                <button type="button" className="button button-small" onClick={() => set({ template: "new" })}>
                  New template
                </button>
              )}
            </nav>
            {selectedId === "new" && canEdit ? (
              <TemplateEditor key="new" template={null} onSaved={(t) => set({ template: String(t.id) }, { replace: true })} onDeleted={() => set({ template: null })} />
            ) : selected ? (
              <TemplateEditor key={selected.id} template={selected} readOnly={!canEdit} onSaved={() => {}} onDeleted={() => set({ template: null })} />
            ) : (
              <div className="card">
                <p className="muted">{typeof selectedId === "number" ? "This template does not exist (any more)." : "Choose a template to read or edit it."}</p>
              </div>
            )}
          </div>
        )}
      </QueryView>
    </section>
  );
}

function TemplateEditor({ template, readOnly = false, onSaved, onDeleted }: { template: Template | null; readOnly?: boolean; onSaved: (t: Template) => void; onDeleted: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>({ name: template?.name ?? "", subject: template?.subject ?? "", body: template?.body ?? "" });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const subjectRef = useRef<HTMLInputElement>(null);
  const lastField = useRef<"subject" | "body">("body");
  const placeholders = useQuery(trpc.templates.placeholders.queryOptions());
  const refresh = () => void qc.invalidateQueries(trpc.templates.pathFilter());
  const saved = (msg: string) => (t: Template) => {
    refresh();
    toast.success(msg);
    onSaved(t);
  };
  const create = useMutation(trpc.templates.create.mutationOptions({ onSuccess: saved("Template created") }));
  const update = useMutation(trpc.templates.update.mutationOptions({ onSuccess: saved("Template saved") }));
  const remove = useMutation(
    trpc.templates.remove.mutationOptions({
      onSuccess: () => {
        refresh();
        toast.success("Template deleted");
        onDeleted();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const saveError = create.error ?? update.error;
  const dirty = !template || draft.name !== template.name || draft.subject !== template.subject || draft.body !== template.body;

  const insert = (token: string) => {
    const field = lastField.current;
    const el = field === "subject" ? subjectRef.current : bodyRef.current;
    const value = draft[field];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    setDraft({ ...draft, [field]: value.slice(0, start) + token + value.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (readOnly) return;
    if (template) update.mutate({ templateId: template.id, ...draft });
    else create.mutate(draft);
  };
  const heading = template ? (readOnly ? template.name : `Edit “${template.name}”`) : "New template";
  return (
    <div className="stack">
      <form className="card form" aria-labelledby="template-h" onSubmit={submit}>
        <h2 id="template-h">{heading}</h2>
        {template && <p className="muted">Last changed {formatDateTime(template.updatedAt)}</p>}
        <div className="field">
          <label htmlFor="template-name">Name</label>
          <input id="template-name" value={draft.name} maxLength={120} required readOnly={readOnly} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="template-subject">Subject</label>
          <input
            id="template-subject"
            ref={subjectRef}
            value={draft.subject}
            maxLength={300}
            required
            readOnly={readOnly}
            onFocus={() => {
              lastField.current = "subject";
            }}
            onChange={(e) => setDraft({ ...draft, subject: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="template-body">Message</label>
          <textarea
            id="template-body"
            ref={bodyRef}
            value={draft.body}
            rows={12}
            maxLength={20_000}
            required
            readOnly={readOnly}
            onFocus={() => {
              lastField.current = "body";
            }}
            onChange={(e) => setDraft({ ...draft, body: e.target.value })}
          />
        </div>
        <fieldset className="placeholders">
          <legend>Placeholders{readOnly ? "" : " — click to insert at the cursor"}</legend>
          {placeholders.isPending ? (
            <Loading label="Loading placeholders…" />
          ) : placeholders.error ? (
            <ErrorNote error={placeholders.error} />
          ) : (
            <ul className="placeholder-list">
              {placeholders.data.map((p) => (
                <li key={p.name}>
                  {readOnly ? (
                    <code>{p.token}</code>
                  ) : (
                    <button type="button" className="button button-small" onClick={() => insert(p.token)} aria-label={`Insert ${p.token}: ${p.description}`}>
                      <code>{p.token}</code>
                    </button>
                  )}{" "}
                  <span className="muted">{p.description}</span>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        {saveError && <ErrorNote error={saveError} title="Not saved" />}
        {!readOnly && (
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={!dirty || create.isPending || update.isPending}>
              {template ? "Save template" : "Create template"}
            </button>
            {template &&
              (confirmDelete ? (
                <>
                  <button type="button" className="button button-danger" onClick={() => remove.mutate({ templateId: template.id })} disabled={remove.isPending}>
                    Yes, delete “{template.name}”
                  </button>
                  <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
                    Keep it
                  </button>
                </>
              ) : (
                <button type="button" className="button button-quiet" onClick={() => setConfirmDelete(true)}>
                  Delete…
                </button>
              ))}
          </div>
        )}
      </form>
      <TemplatePreview draft={draft} />
    </div>
  );
}

/** The draft as one real candidate would receive it (their application picked from the lists). */
function TemplatePreview({ draft }: { draft: Draft }) {
  const trpc = useTRPC();
  const prospects = useQuery(trpc.candidates.list.queryOptions({ tab: "prospects", limit: 30 }));
  const hiring = useQuery(trpc.candidates.list.queryOptions({ tab: "hiring", limit: 30 }));
  const choices = [...(prospects.data?.items ?? []), ...(hiring.data?.items ?? [])].filter((i) => i.application);
  const [applicationId, setApplicationId] = useState<number | undefined>(undefined);
  const [shown, setShown] = useState<Draft | null>(null);
  const preview = useQuery({
    ...trpc.templates.preview.queryOptions({ applicationId: applicationId ?? 0, subject: shown?.subject, body: shown?.body }),
    enabled: applicationId !== undefined && shown !== null && Boolean(shown.subject.trim() && shown.body),
  });
  const stale = shown !== null && (shown.subject !== draft.subject || shown.body !== draft.body);
  return (
    <section className="card" aria-labelledby="tpreview-h">
      <h2 id="tpreview-h">Preview with a real candidate</h2>
      <div className="row">
        <label className="field field-inline">
          <span>Candidate</span>
          <select value={applicationId ?? ""} onChange={(e) => setApplicationId(e.target.value ? Number(e.target.value) : undefined)}>
            <option value="">{prospects.isPending || hiring.isPending ? "Loading candidates…" : "Choose a candidate…"}</option>
            {choices.map(({ candidate: c, application: a }) => (
              <option key={a!.applicationId} value={a!.applicationId}>
                {c.fullName} — {a!.openingTitle}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" disabled={applicationId === undefined || !draft.subject.trim() || !draft.body} onClick={() => setShown({ ...draft })}>
          {shown ? "Refresh preview" : "Preview"}
        </button>
      </div>
      {choices.length === 0 && !prospects.isPending && !hiring.isPending && <p className="muted">No candidate on an opening yet to preview with.</p>}
      {stale && <p className="muted">The template changed since this preview: refresh it.</p>}
      {preview.isFetching && <Loading label="Rendering…" />}
      {preview.error && <ErrorNote error={preview.error} title="No preview" />}
      {preview.data && (
        <div className="mail-preview">
          <p>
            <strong>To:</strong> {preview.data.to ?? "(no email address: the message would stay in the thread)"}
          </p>
          <p>
            <strong>Subject:</strong> {preview.data.subject}
          </p>
          <div className="pre mail-body">{preview.data.text}</div>
          {preview.data.warnings.length > 0 && (
            <ul className="notice notice-warn">
              {preview.data.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
