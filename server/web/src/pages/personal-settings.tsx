import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { CopyOnce } from "../components/copy-once";
import { Empty, QueryView } from "../components/query-state";
import { useToast } from "../components/toast";
import { errorMessage } from "../lib/errors";
import { formatDateTime, ROLE_LABELS } from "../lib/format";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import { useTRPC } from "../trpc";

export function PersonalSettingsPage() {
  usePageTitle("Personal settings");
  const me = useMe();
  return (
    <section className="stack narrow">
      <div>
        <h1>Personal settings</h1>
        <p className="muted">
          {me.name} · {me.email} · {ROLE_LABELS[me.role]}
        </p>
      </div>
      <ChangePassword />
      {/* The server refuses everything else until a one-time password is replaced. */}
      {!me.mustChangePassword && <ApiTokens />}
    </section>
  );
}

function ChangePassword() {
  const me = useMe();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent("");
        setNext("");
        setAgain("");
        toast.success("Password changed");
        void qc.invalidateQueries(trpc.auth.me.queryFilter());
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== again);
    if (next === again) change.mutate({ currentPassword: current, newPassword: next });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="pw-h">
      <h2 id="pw-h">{me.mustChangePassword ? "Choose your own password" : "Change password"}</h2>
      {me.mustChangePassword && <p className="notice notice-warn">You signed in with a one-time password. Choose your own now.</p>}
      {(change.error || mismatch) && (
        <p className="notice notice-error" role="alert">
          {mismatch ? "The two new passwords differ." : errorMessage(change.error)}
        </p>
      )}
      <label className="field">
        <span>{me.mustChangePassword ? "One-time password" : "Current password"}</span>
        <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label className="field">
        <span>New password (at least 10 characters)</span>
        <input type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <label className="field">
        <span>New password again</span>
        <input type="password" autoComplete="new-password" required minLength={10} value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={change.isPending}>
          Change password
        </button>
      </div>
    </form>
  );
}

function ApiTokens() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const tokens = useQuery(trpc.auth.tokens.list.queryOptions());
  const [name, setName] = useState("Chrome extension");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation(
    trpc.auth.tokens.create.mutationOptions({
      onSuccess: (t) => {
        setCreated({ name: t.name, token: t.token });
        void qc.invalidateQueries(trpc.auth.tokens.list.queryFilter());
      },
    }),
  );
  const revoke = useMutation(
    trpc.auth.tokens.revoke.mutationOptions({
      onSuccess: () => {
        toast.success("Token revoked");
        void qc.invalidateQueries(trpc.auth.tokens.list.queryFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <section className="card" aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p className="muted">The Chrome extension signs in with a personal API token. Revoke a token to disconnect whatever uses it.</p>
      {created && <CopyOnce label={`Token "${created.name}":`} value={created.token} note="Copy it now — it is shown only this once." />}
      {create.error && (
        <p className="notice notice-error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name });
        }}
      >
        <label className="field field-inline">
          <span>Token name</span>
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={create.isPending}>
          Create token
        </button>
      </form>
      <QueryView query={tokens}>
        {(list) =>
          list.length === 0 ? (
            <Empty title="No API tokens yet." />
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td>{formatDateTime(t.createdAt)}</td>
                    <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"}</td>
                    <td>
                      <button type="button" className="button-small button-danger" onClick={() => revoke.mutate({ id: t.id })} aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}
