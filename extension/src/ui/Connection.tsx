// Connecting to a server (URL + email + password → an API token) and signing out. Used by the popup and the
// options page. The server's host permission is asked for here, at connect time, not at install.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { send } from "~lib/messages";
import type { StatusRes } from "~lib/protocol";
import { normaliseServerUrl, originPattern } from "~lib/server-url";

export function ConnectForm({ status }: { status: StatusRes }) {
  const qc = useQueryClient();
  const ids = { url: useId(), email: useId(), password: useId(), error: useId() };
  const [serverUrl, setServerUrl] = useState(status.serverUrl ?? "");
  const [email, setEmail] = useState(status.email ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);

  const connect = useMutation({
    mutationFn: async () => {
      const url = normaliseServerUrl(serverUrl);
      if (!url) throw new Error("Enter the server's address, e.g. https://prospector.example.com");
      // Must run in the click's user gesture: nothing awaited before it.
      const granted = await chrome.permissions.request({ origins: [originPattern(url)] });
      if (!granted) throw new Error(`Prospector needs your permission to reach ${new URL(url).host}`);
      const r = await send("connect", { serverUrl: url, email, password });
      if (!r.ok) throw new Error(r.message);
      return r;
    },
    onSuccess: () => {
      setPassword("");
      setError(null);
      void qc.invalidateQueries();
    },
    onError: (err) => setError(err instanceof Error ? err.message : String(err)),
  });

  return (
    <form
      className="pp-form"
      aria-labelledby="pp-connect-title"
      onSubmit={(e) => {
        e.preventDefault();
        connect.mutate();
      }}
    >
      <h2 id="pp-connect-title" style={{ margin: 0, fontSize: 14 }}>
        Connect to your Prospector server
      </h2>
      {status.signedOutBecause === "revoked" ? (
        <p className="pp-banner pp-error" role="alert" data-testid="revoked">
          Your sign-in was revoked or expired. Connect again{status.waiting ? `: ${status.waiting} waiting add${status.waiting === 1 ? " is" : "s are"} sent then` : ""}.
        </p>
      ) : null}
      <div className="pp-field">
        <label htmlFor={ids.url}>Server URL</label>
        <input id={ids.url} name="serverUrl" type="url" required value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://prospector.example.com" autoComplete="url" />
      </div>
      <div className="pp-field">
        <label htmlFor={ids.email}>Email</label>
        <input id={ids.email} name="email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" />
      </div>
      <div className="pp-field">
        <label htmlFor={ids.password}>Password</label>
        <input id={ids.password} name="password" type="password" required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      </div>
      {error ? (
        <p className="pp-banner pp-error" role="alert" id={ids.error}>
          {error}
        </p>
      ) : null}
      <p className="pp-hint">Chrome asks once for permission to reach this server. The password is not stored: the extension keeps a personal API token you can revoke.</p>
      <div className="pp-actions">
        <button type="submit" className="pp-primary" disabled={connect.isPending}>
          {connect.isPending ? "Connecting…" : "Connect"}
        </button>
      </div>
    </form>
  );
}

export function SignOutButton() {
  const qc = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const out = useMutation({
    mutationFn: () => send("disconnect", {}),
    onSuccess: (r) => {
      setMessage(r.message);
      void qc.invalidateQueries();
    },
  });
  return (
    <>
      <button type="button" className="pp-secondary" onClick={() => out.mutate()} disabled={out.isPending}>
        {out.isPending ? "Signing out…" : "Sign out"}
      </button>
      {message ? (
        <span className="pp-sr" role="status">
          {message}
        </span>
      ) : null}
    </>
  );
}
