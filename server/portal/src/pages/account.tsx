import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { usePageTitle } from "../components";
import { errorMessage, type PortalOutputs, useTRPC } from "../trpc";

/** Who is signed in, and an optional password (sign-in links keep working either way). */
export function AccountPage({ me }: { me: PortalOutputs["me"] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [saved, setSaved] = useState(false);
  usePageTitle("Account", me.branding.portalName);
  const save = useMutation(
    trpc.setPassword.mutationOptions({
      onSuccess: () => {
        setPassword("");
        setAgain("");
        setSaved(true);
        void qc.invalidateQueries({ queryKey: trpc.me.queryKey() });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setMismatch(password !== again);
    if (password === again) save.mutate({ password });
  };
  return (
    <>
      <h1>Account</h1>
      <section className="card narrow-card" aria-labelledby={`${id}-who`}>
        <h2 id={`${id}-who`}>You</h2>
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{me.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{me.email}</dd>
          </div>
        </dl>
      </section>
      <section className="card narrow-card" aria-labelledby={`${id}-pw`}>
        <h2 id={`${id}-pw`}>{me.hasPassword ? "Change your password" : "Set a password"}</h2>
        <p className="muted small">Optional: you can always sign in with a link sent to {me.email}. At least 10 characters.</p>
        <form onSubmit={submit}>
          <label htmlFor={`${id}-new`}>New password</label>
          <input id={`${id}-new`} type="password" autoComplete="new-password" minLength={10} required value={password} onChange={(e) => setPassword(e.target.value)} />
          <label htmlFor={`${id}-again`}>New password again</label>
          <input
            id={`${id}-again`}
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={again}
            aria-invalid={mismatch}
            onChange={(e) => setAgain(e.target.value)}
          />
          {mismatch && (
            <p className="notice error" role="alert">
              The two passwords differ.
            </p>
          )}
          {save.error && (
            <p className="notice error" role="alert">
              {errorMessage(save.error)}
            </p>
          )}
          {saved && (
            <p className="notice success" role="status">
              Password saved. Next time you can sign in with it.
            </p>
          )}
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save password"}
          </button>
        </form>
      </section>
    </>
  );
}
