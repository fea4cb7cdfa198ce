import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { BrandMark, Loading, usePageTitle } from "../components";
import { errorCode, errorMessage, makePortalClient, type PortalOutputs, useTRPC } from "../trpc";

type Branding = PortalOutputs["branding"];

let linkToken: string | null | undefined;

/**
 * The token of a sign-in link (…/signin#token=…), read once and wiped from the address bar and history at once
 * (it must not linger in the URL a person copies or in the history).
 */
export function takeLinkToken(): string | null {
  if (linkToken !== undefined) return linkToken;
  const m = /^#token=([\w-]{20,200})$/.exec(window.location.hash);
  linkToken = m ? m[1]! : null;
  if (window.location.hash) history.replaceState(null, "", window.location.pathname + window.location.search);
  return linkToken;
}

// One exchange per token even if React mounts the component twice (a link works once).
const redemptions = new Map<string, Promise<{ next: string }>>();
const redeemOnce = (slug: string, token: string) => {
  let p = redemptions.get(token);
  if (!p) {
    p = makePortalClient().redeemLink.mutate({ slug, token });
    redemptions.set(token, p);
  }
  return p;
};

/** Exchanges the link for a session, then opens where the link points (the jobs, or the job it was sent for). */
export function RedeemLink({ slug, token, onDone }: { slug: string; token: string; onDone: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    redeemOnce(slug, token).then(
      ({ next }) => {
        if (!live) return;
        const base = `/portal/${encodeURIComponent(slug)}`;
        const path = next.startsWith(base) ? next.slice(base.length) || "/" : "/";
        qc.clear();
        navigate(path, { replace: true });
        onDone();
      },
      (err) => live && setFailed(err),
    );
    return () => {
      live = false;
    };
  }, [slug, token, qc, navigate, onDone]);
  if (!failed) return <Loading label="Signing you in…" full />;
  return (
    <main id="main" className="centered" tabIndex={-1}>
      <div className="card narrow">
        <h1>This sign-in link cannot be used</h1>
        <p role="alert">{errorCode(failed) === "UNAUTHORIZED" ? errorMessage(failed) : `Signing in failed: ${errorMessage(failed)}`}</p>
        <p>
          <a className="button" href={`/portal/${encodeURIComponent(slug)}`}>
            Ask for a new link
          </a>
        </p>
      </div>
    </main>
  );
}

/**
 * The agency's branded sign-in page: email → a single-use link by email; or the password the contact chose.
 * Opened on a job's address, the link asked for here leads back to that job.
 */
export function SignInPage({ branding, elsewhere }: { branding: Branding; elsewhere: string | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const openingId = /^\/jobs\/(\d+)/.exec(location.pathname)?.[1];
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [mode, setMode] = useState<"link" | "password">("link");
  const [password, setPassword] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const ids = { email: useId(), password: useId(), help: useId() };
  usePageTitle("Sign in", branding.portalName);

  const request = useMutation(trpc.requestLink.mutationOptions({ onSuccess: (_d, v) => setSentTo(v.email) }));
  const signIn = useMutation(trpc.signIn.mutationOptions({ onSuccess: () => qc.invalidateQueries() }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === "link") request.mutate({ slug: branding.slug, email, openingId: openingId ? Number(openingId) : undefined });
    else signIn.mutate({ slug: branding.slug, email, password });
  };
  const error = mode === "link" ? request.error : signIn.error;

  return (
    <main id="main" className="signin" tabIndex={-1}>
      <div className="signin-card">
        <div className="signin-brand">
          <BrandMark branding={branding} size="large" />
        </div>
        <h1 ref={heading}>{branding.portalName}</h1>
        <p className="muted">
          {openingId ? "Sign in to see the candidates shared with you for this job." : `Review the candidates ${branding.companyName} shares with you.`}
        </p>
        {elsewhere && (
          <p className="notice info">
            You are signed in to {elsewhere}. Sign in here to see what {branding.companyName} shares with you.
          </p>
        )}
        {sentTo && mode === "link" ? (
          <div className="notice success" role="status">
            <p>
              <strong>Check your email.</strong> If {sentTo} belongs to a contact of {branding.companyName}, a sign-in link is on its way. It works once,
              within 15 minutes.
            </p>
            <button type="button" className="link-button" onClick={() => setSentTo(null)}>
              Use another address
            </button>
          </div>
        ) : (
          <form onSubmit={submit} aria-label="Sign in">
            <label htmlFor={ids.email}>Work email</label>
            <input id={ids.email} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
            {mode === "password" && (
              <>
                <label htmlFor={ids.password}>Password</label>
                <input id={ids.password} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
              </>
            )}
            {error && (
              <p className="notice error" role="alert">
                {errorMessage(error)}
              </p>
            )}
            <button type="submit" className="button primary wide" disabled={request.isPending || signIn.isPending}>
              {mode === "link" ? (request.isPending ? "Sending…" : "Email me a sign-in link") : signIn.isPending ? "Signing in…" : "Sign in"}
            </button>
            <p className="muted small" id={ids.help}>
              {mode === "link" ? "No password needed: we email you a link that signs you in." : "You can set a password under Account once signed in."}
            </p>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setMode(mode === "link" ? "password" : "link");
                request.reset();
                signIn.reset();
              }}
            >
              {mode === "link" ? "Sign in with a password instead" : "Email me a link instead"}
            </button>
          </form>
        )}
      </div>
      <p className="signin-foot muted small">Client portal of {branding.companyName}</p>
    </main>
  );
}
