import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef } from "react";
import { Link, NavLink, useLocation } from "react-router";
import { errorMessage, type PortalOutputs, useTRPC } from "./trpc";

type Me = PortalOutputs["me"];

/** The agency's logo, or its name set in the brand colour when it has none. */
export function BrandMark({ branding, size = "normal" }: { branding: Me["branding"]; size?: "normal" | "large" }) {
  if (branding.logoUrl) return <img className={`brand-logo ${size}`} src={branding.logoUrl} alt={`${branding.companyName} logo`} referrerPolicy="no-referrer" />;
  return (
    <span className={`brand-initials ${size}`} aria-hidden="true">
      {initials(branding.companyName)}
    </span>
  );
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");

/** Header, navigation and the main landmark; focus moves to the page on navigation (screen readers hear it). */
export function Layout({ me, children }: { me: Me; children: ReactNode }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, by design
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
    window.scrollTo(0, 0);
  }, [location.pathname]);
  const signOut = useMutation(
    trpc.signOut.mutationOptions({
      onSettled: () => {
        qc.clear();
        window.location.assign(`/portal/${encodeURIComponent(me.branding.slug)}`);
      },
    }),
  );
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <BrandMark branding={me.branding} />
            <span className="brand-name">{me.branding.portalName}</span>
          </Link>
          <nav aria-label="Portal">
            <NavLink to="/" end>
              Jobs
            </NavLink>
            <NavLink to="/account">Account</NavLink>
          </nav>
          <div className="who">
            <span className="who-name">{me.name}</span>
            <button type="button" className="link-button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="page">
        {children}
      </main>
      <footer className="footer">
        <p>
          {me.branding.companyName} shares these candidates with you in confidence. Questions? Reply to any email from {me.branding.companyName}.
        </p>
      </footer>
    </>
  );
}

export function Loading({ label = "Loading…", full = false }: { label?: string; full?: boolean }) {
  const body = (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
  return full ? (
    <main id="main" className="centered" tabIndex={-1}>
      {body}
    </main>
  ) : (
    body
  );
}

export function Problem({ error, full = false }: { error: unknown; full?: boolean }) {
  const body = (
    <div className="notice error" role="alert">
      <strong>Something went wrong.</strong> {errorMessage(error)}
    </div>
  );
  return full ? (
    <main id="main" className="centered" tabIndex={-1}>
      {body}
    </main>
  ) : (
    body
  );
}

/** The status of a shared candidate: the stage they are in, or the decision. */
export function StatusBadge({ status, decisioned }: { status: string; decisioned: boolean }) {
  const tone = !decisioned ? "stage" : /hire/i.test(status) ? "hired" : /reject|withdr/i.test(status) ? "rejected" : "decided";
  return <span className={`badge ${tone}`}>{status}</span>;
}

/** A read-only star rating (the accessible name says it in words). */
export function Stars({ rating }: { rating: number | null }) {
  if (!rating) return <span className="muted small">Not rated</span>;
  return (
    <span className="stars" role="img" aria-label={`Rated ${rating} of 5`}>
      {"★".repeat(rating)}
      <span className="stars-off">{"★".repeat(5 - rating)}</span>
    </span>
  );
}

export function usePageTitle(title: string | undefined, portalName?: string) {
  useEffect(() => {
    document.title = [title, portalName ?? "Client portal"].filter(Boolean).join(" · ");
  }, [title, portalName]);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export const formatDateTime = (ms: number) => dateTime.format(new Date(ms));
