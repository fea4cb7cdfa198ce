import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useLocation } from "react-router";
import { moveInList } from "../components/board-state";
import { CopyOnce } from "../components/copy-once";
import { SettingsTabs } from "../components/settings-tabs";
import { QueryView } from "../components/query-state";
import { useToast } from "../components/toast";
import { errorMessage } from "../lib/errors";
import { KIND_LABELS, ROLE_LABELS, type Role } from "../lib/format";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import type { RouterOutputs } from "../trpc";

import { useTRPC } from "../trpc";

type State = RouterOutputs["decisionedStates"]["list"][number];

export function CompanySettingsPage() {
  usePageTitle("Company settings");
  const me = useMe();
  if (me.role !== "super_admin") {
    return (
      <section className="narrow">
        <h1>Company settings</h1>
        <p className="notice notice-error" role="alert">
          Only super admins can change company settings (decisioned states, users, the company profile). Ask a super admin of your company.
        </p>
      </section>
    );
  }
  return (
    <section className="stack">
      <h1>Company settings</h1>
      <SettingsTabs />
      <DecisionedStates />
      <Users />
      <CompanyProfile />
    </section>
  );
}

function useOnError() {
  const toast = useToast();
  return (e: unknown) => toast.error(errorMessage(e));
}

function DecisionedStates() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const onError = useOnError();
  const states = useQuery(trpc.decisionedStates.list.queryOptions({ includeRetired: true }));
  const refresh = () => void qc.invalidateQueries(trpc.decisionedStates.pathFilter());
  const done = (msg: string) => {
    toast.success(msg);
    refresh();
  };
  const rename = useMutation(trpc.decisionedStates.rename.mutationOptions({ onSuccess: () => done("State renamed"), onError }));
  const reorder = useMutation(trpc.decisionedStates.reorder.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(
    trpc.decisionedStates.remove.mutationOptions({
      onSuccess: (r) => {
        toast.success(r.outcome === "retired" ? "State in use: retired (kept for history, no longer offered)" : "State deleted");
        refresh();
      },
      onError,
    }),
  );
  const restore = useMutation(trpc.decisionedStates.restore.mutationOptions({ onSuccess: () => done("State restored"), onError }));
  const create = useMutation(trpc.decisionedStates.create.mutationOptions({ onSuccess: () => done("State added"), onError }));
  const [newName, setNewName] = useState("");
  const [newKind, setNewKind] = useState<"rejected" | "withdrawn" | "hired">("rejected");
  return (
    <section className="card" aria-labelledby="states-h">
      <h2 id="states-h">Reasons for reject and other decisioned states</h2>
      <p className="muted">Offered when a candidate is decisioned. A state in use is retired rather than deleted.</p>
      <QueryView query={states}>
        {(list) => (
          <ol className="stage-list">
            {list.map((s, i) => (
              <StateRow
                key={s.id}
                state={s}
                first={i === 0}
                last={i === list.length - 1}
                onRename={(name) => rename.mutate({ stateId: s.id, name })}
                onMove={(d) => reorder.mutate({ stateIds: moveInList(list.map((x) => x.id), s.id, d) })}
                onRemove={() => remove.mutate({ stateId: s.id })}
                onRestore={() => restore.mutate({ stateId: s.id })}
              />
            ))}
          </ol>
        )}
      </QueryView>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name: newName, kind: newKind }, { onSuccess: () => setNewName("") });
        }}
      >
        <label className="field field-inline">
          <span>New state</span>
          <input required maxLength={100} value={newName} onChange={(e) => setNewName(e.target.value)} />
        </label>
        <label className="field field-inline">
          <span>Kind</span>
          <select value={newKind} onChange={(e) => setNewKind(e.target.value as typeof newKind)}>
            <option value="rejected">Rejected</option>
            <option value="withdrawn">Withdrawn</option>
            <option value="hired">Hired</option>
          </select>
        </label>
        <button type="submit" className="button">
          Add state
        </button>
      </form>
    </section>
  );
}

function StateRow({
  state,
  first,
  last,
  onRename,
  onMove,
  onRemove,
  onRestore,
}: {
  state: State;
  first: boolean;
  last: boolean;
  onRename: (name: string) => void;
  onMove: (d: -1 | 1) => void;
  onRemove: () => void;
  onRestore: () => void;
}) {
  const [name, setName] = useState(state.name);
  useEffect(() => setName(state.name), [state.name]);
  const changed = name.trim() !== "" && name.trim() !== state.name;
  return (
    <li className="stage-row" data-state={state.name}>
      <form
        className="stage-name"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (changed) onRename(name.trim());
        }}
      >
        <label className="sr-only" htmlFor={`state-${state.id}`}>
          Name of state {state.name}
        </label>
        <input id={`state-${state.id}`} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} disabled={state.isSystem} />
        {changed && (
          <button type="submit" className="button-small">
            Rename
          </button>
        )}
      </form>
      <span className="badge">{KIND_LABELS[state.kind]}</span>
      {state.isSystem && <span className="badge">System</span>}
      {state.retired && <span className="badge badge-warn">Retired</span>}
      <span className="stage-buttons">
        <button type="button" className="button-small" disabled={first} onClick={() => onMove(-1)} aria-label={`Move ${state.name} up`}>
          ↑
        </button>
        <button type="button" className="button-small" disabled={last} onClick={() => onMove(1)} aria-label={`Move ${state.name} down`}>
          ↓
        </button>
        {state.retired ? (
          <button type="button" className="button-small" onClick={onRestore}>
            Restore
          </button>
        ) : (
          !state.isSystem && (
            <button type="button" className="button-small button-danger" onClick={onRemove} aria-label={`Remove ${state.name}`}>
              Remove
            </button>
          )
        )}
      </span>
    </li>
  );
}

function Users() {
  const me = useMe();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const onError = useOnError();
  const users = useQuery(trpc.users.list.queryOptions());
  const refresh = () => void qc.invalidateQueries(trpc.users.pathFilter());
  const done = (msg: string) => {
    toast.success(msg);
    refresh();
  };
  const [secret, setSecret] = useState<{ who: string; password: string } | null>(null);
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (r) => {
        setSecret({ who: r.user.email, password: r.oneTimePassword });
        refresh();
      },
    }),
  );
  const changeRole = useMutation(trpc.users.changeRole.mutationOptions({ onSuccess: () => done("Role changed"), onError }));
  const setActive = useMutation(trpc.users.setActive.mutationOptions({ onSuccess: () => done("Saved"), onError }));
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: (r, v) => {
        setSecret({ who: users.data?.find((u) => u.id === v.userId)?.email ?? "the user", password: r.oneTimePassword });
      },
      onError,
    }),
  );
  const [form, setForm] = useState({ name: "", email: "", role: "recruiter" as Role });
  return (
    <section className="card" aria-labelledby="users-h">
      <h2 id="users-h">Users and roles</h2>
      {secret && (
        <CopyOnce label={`One-time password for ${secret.who}:`} value={secret.password} note="Give it to them; they choose their own at first sign-in. It is shown only this once." />
      )}
      <QueryView query={users}>
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    <select aria-label={`Role of ${u.name}`} value={u.role} onChange={(e) => changeRole.mutate({ userId: u.id, role: e.target.value as Role })}>
                      {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{u.active ? u.mustChangePassword ? "Invited" : "Active" : <span className="badge badge-warn">Deactivated</span>}</td>
                  <td>
                    <span className="actions">
                    {u.id !== me.id && (
                      <button type="button" className="button-small" onClick={() => setActive.mutate({ userId: u.id, active: !u.active })}>
                        {u.active ? "Deactivate" : "Reactivate"}
                      </button>
                    )}
                    <button type="button" className="button-small" onClick={() => reset.mutate({ userId: u.id })} aria-label={`Reset password of ${u.name}`}>
                      Reset password
                    </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(form, { onSuccess: () => setForm({ name: "", email: "", role: "recruiter" }) });
        }}
      >
        <label className="field field-inline">
          <span>Name</span>
          <input required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label className="field field-inline">
          <span>Email</span>
          <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <label className="field field-inline">
          <span>Role</span>
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={create.isPending}>
          Add user
        </button>
      </form>
      {create.error && (
        <p className="notice notice-error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
    </section>
  );
}

function CompanyProfile() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const company = useQuery(trpc.company.get.queryOptions());
  const [form, setForm] = useState({ name: "", publicContactEmail: "", logoUrl: "", brandColor: "", portalName: "", mailsPerMinute: "60" });
  useEffect(() => {
    if (company.data)
      setForm({
        name: company.data.name,
        publicContactEmail: company.data.publicContactEmail ?? "",
        logoUrl: company.data.logoUrl ?? "",
        brandColor: company.data.brandColor ?? "",
        portalName: company.data.portalName ?? "",
        mailsPerMinute: String(company.data.mailsPerMinute),
      });
  }, [company.data]);
  const update = useMutation(
    trpc.company.update.mutationOptions({
      onSuccess: (c) => {
        qc.setQueryData(trpc.company.get.queryKey(), c);
        void qc.invalidateQueries(trpc.dashboard.pathFilter()); // its prompt for the contact email
        toast.success("Company profile saved");
      },
    }),
  );
  // The dashboard's prompt links here: the field is brought into view and focused once the form is there.
  const { hash } = useLocation();
  const loaded = company.data !== undefined;
  useEffect(() => {
    if (!loaded || hash !== "#public-contact-email") return;
    const field = document.getElementById("public-contact-email");
    field?.scrollIntoView?.({ block: "center" });
    field?.focus();
  }, [loaded, hash]);
  return (
    <section className="card" aria-labelledby="company-h">
      <h2 id="company-h">Company profile</h2>
      <QueryView query={company}>
        {() => (
          <form
            className="form narrow"
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({
                name: form.name,
                publicContactEmail: form.publicContactEmail.trim() || null,
                logoUrl: form.logoUrl.trim() || null,
                brandColor: form.brandColor.trim() || null,
                portalName: form.portalName.trim() || null,
                mailsPerMinute: Number(form.mailsPerMinute),
              });
            }}
          >
            {update.error && (
              <p className="notice notice-error" role="alert">
                {errorMessage(update.error)}
              </p>
            )}
            <label className="field">
              <span>Company name</span>
              <input required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </label>
            <label className="field">
              <span>Public contact email (shown to candidates)</span>
              <input id="public-contact-email" type="email" value={form.publicContactEmail} onChange={(e) => setForm({ ...form, publicContactEmail: e.target.value })} />
            </label>
            <label className="field">
              <span>Logo URL (https; used only when no logo is uploaded)</span>
              <input type="url" value={form.logoUrl} onChange={(e) => setForm({ ...form, logoUrl: e.target.value })} />
            </label>
            <label className="field">
              <span>Client portal name (shown to client contacts; the company name when empty)</span>
              <input maxLength={100} value={form.portalName} onChange={(e) => setForm({ ...form, portalName: e.target.value })} />
            </label>
            <div className="field">
              <label htmlFor="brand-color">Client portal colour (#rrggbb)</label>
              <div className="inline-form">
                <input id="brand-color" pattern="#[0-9a-fA-F]{6}" placeholder="#1d4ed8" maxLength={7} value={form.brandColor} onChange={(e) => setForm({ ...form, brandColor: e.target.value })} />
                <input type="color" aria-label="Pick the portal colour" value={/^#[0-9a-fA-F]{6}$/.test(form.brandColor) ? form.brandColor : "#1d4ed8"} onChange={(e) => setForm({ ...form, brandColor: e.target.value })} />
              </div>
            </div>
            <label className="field">
              <span>Re-engagement invitations: mails per minute (a big send is spread out so it does not harm your sending domain)</span>
              <input
                type="number"
                required
                min={1}
                max={10000}
                step={1}
                className="days-input"
                value={form.mailsPerMinute}
                onChange={(e) => setForm({ ...form, mailsPerMinute: e.target.value })}
              />
            </label>
            {!company.data?.logo && form.logoUrl.startsWith("https://") && <img src={form.logoUrl} alt="Logo preview" className="logo-preview" referrerPolicy="no-referrer" />}
            <div className="actions">
              <button type="submit" className="button-primary" disabled={update.isPending}>
                Save company profile
              </button>
            </div>
          </form>
        )}
      </QueryView>
      <LogoUpload />
    </section>
  );
}

/** Reads a chosen file as base64 (the upload's body); the server sniffs what it really is. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
    r.onerror = () => reject(r.error ?? new Error("The file could not be read"));
    r.readAsDataURL(file);
  });
}

/** The logo on the client portal's sign-in page and the careers page: PNG, JPEG or WebP up to 1 MB. */
function LogoUpload() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const company = useQuery(trpc.company.get.queryOptions());
  const [readError, setReadError] = useState<string | null>(null);
  const done = (message: string) => (c: NonNullable<typeof company.data>) => {
    qc.setQueryData(trpc.company.get.queryKey(), c);
    toast.success(message);
  };
  const upload = useMutation(trpc.company.uploadLogo.mutationOptions({ onSuccess: done("Logo uploaded") }));
  const remove = useMutation(trpc.company.removeLogo.mutationOptions({ onSuccess: done("Logo removed") }));
  const logo = company.data?.logo;
  const error = readError ?? (upload.error ? errorMessage(upload.error) : remove.error ? errorMessage(remove.error) : null);
  return (
    <section className="logo-upload" aria-labelledby="logo-h">
      <h3 id="logo-h">Logo</h3>
      {logo ? <img src={logo.url} alt="Current logo" className="logo-preview" /> : <p className="muted">No logo uploaded.</p>}
      <label className="field">
        <span>{logo ? "Replace the logo" : "Upload a logo"} (PNG, JPEG or WebP, up to 1 MB)</span>
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp"
          disabled={upload.isPending}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            setReadError(null);
            if (!file) return;
            if (file.size > 1024 * 1024) {
              setReadError("A logo is at most 1 MB");
              return;
            }
            try {
              upload.mutate({ dataBase64: await readBase64(file) });
            } catch (err) {
              setReadError(errorMessage(err));
            }
          }}
        />
      </label>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {logo && (
        <button type="button" className="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
          Remove logo
        </button>
      )}
    </section>
  );
}
