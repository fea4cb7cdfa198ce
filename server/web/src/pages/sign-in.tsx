import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { signInErrorMessage } from "../lib/errors";
import { usePageTitle } from "../lib/page-title";
import { useTRPC } from "../trpc";

/** Only in-app paths are followed after sign-in (never an absolute or protocol-relative URL). */
export function safeNext(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

export function SignInPage() {
  usePageTitle("Sign in");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: ({ user }) => {
        qc.clear();
        qc.setQueryData(trpc.auth.me.queryKey(), user);
        navigate(user.mustChangePassword ? "/settings/personal" : safeNext(params.get("next")), { replace: true });
      },
    }),
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email, password });
  };
  const err = signIn.error ? signInErrorMessage(signIn.error) : null;
  return (
    <main id="main" className="signin">
      <form className="card signin-card" onSubmit={onSubmit} aria-describedby={err ? "signin-error" : undefined}>
        <h1>Sign in to Prospector</h1>
        {params.get("signedOut") && !err && (
          <p className="notice" role="status">
            You are signed out.
          </p>
        )}
        {err && (
          <div className="notice notice-error" role="alert" id="signin-error">
            <strong>{err.title}.</strong> {err.message}
          </div>
        )}
        <label className="field">
          <span>Email</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="button-primary" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
