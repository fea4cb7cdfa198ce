import { QueryCache, QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { Route, Routes } from "react-router";
import { applyBrand } from "./brand";
import { Layout, Loading, Problem } from "./components";
import { AccountPage } from "./pages/account";
import { CandidatePage } from "./pages/candidate";
import { JobPage } from "./pages/job";
import { JobsPage } from "./pages/jobs";
import { RedeemLink, SignInPage, takeLinkToken } from "./pages/sign-in";
import { errorCode, makePortalClient, TRPCProvider, useTRPC } from "./trpc";

/** /portal/<slug>/… → the agency's slug (the router's basename). */
export function slugFromPath(pathname: string): string {
  const raw = pathname.split("/")[2] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function makeQueryClient() {
  const qc: QueryClient = new QueryClient({
    defaultOptions: {
      queries: { staleTime: 10_000, retry: (n, err) => errorCode(err) === null && n < 2 },
      mutations: { retry: false },
    },
    // A session that ended (signed out elsewhere, deactivated) sends the contact back to the sign-in page.
    queryCache: new QueryCache({
      onError: (err, q) => {
        const key = q.queryKey[0];
        if (errorCode(err) === "UNAUTHORIZED" && !(Array.isArray(key) && key[0] === "me")) void qc.invalidateQueries({ queryKey: [["me"]] });
      },
    }),
  });
  return qc;
}

export function PortalProviders({ children }: { children: ReactNode }) {
  const [qc] = useState(makeQueryClient);
  const [client] = useState(() => makePortalClient());
  return (
    <QueryClientProvider client={qc}>
      <TRPCProvider trpcClient={client} queryClient={qc}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The branded sign-in page until `me` answers for a contact of this agency; then the portal. */
export function PortalApp({ slug }: { slug: string }) {
  // A sign-in link (…/signin#token=…) is exchanged first, whoever is signed in now: it names its contact.
  const [linkToken, setLinkToken] = useState(takeLinkToken);
  if (linkToken) return <RedeemLink slug={slug} token={linkToken} onDone={() => setLinkToken(null)} />;
  return <Portal slug={slug} />;
}

function Portal({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.me.queryOptions(), staleTime: 60_000, retry: false });
  const branding = useQuery({ ...trpc.branding.queryOptions({ slug }), staleTime: 5 * 60_000, enabled: me.isError || (me.isSuccess && me.data.branding.slug !== slug) });
  const brandColor = me.data?.branding.slug === slug ? me.data.branding.brandColor : branding.data?.brandColor;
  useEffect(() => applyBrand(brandColor), [brandColor]);

  if (me.isPending) return <Loading label="Opening the client portal…" full />;
  const signedInHere = me.isSuccess && me.data.branding.slug === slug;
  if (!signedInHere) {
    if (me.isError && errorCode(me.error) !== "UNAUTHORIZED") return <Problem error={me.error} full />;
    if (branding.isPending) return <Loading label="Opening the client portal…" full />;
    if (branding.isError) {
      return errorCode(branding.error) === "NOT_FOUND" ? (
        <main id="main" className="centered" tabIndex={-1}>
          <div className="card narrow">
            <h1>No such portal</h1>
            <p>Check the address you were sent.</p>
          </div>
        </main>
      ) : (
        <Problem error={branding.error} full />
      );
    }
    return <SignInPage branding={branding.data} elsewhere={me.isSuccess ? me.data.branding.portalName : null} />;
  }
  return (
    <Layout me={me.data}>
      <Routes>
        <Route index element={<JobsPage />} />
        <Route path="signin" element={<JobsPage />} />
        <Route path="jobs/:openingId" element={<JobPage />} />
        <Route path="candidates/:applicationId" element={<CandidatePage />} />
        <Route path="account" element={<AccountPage me={me.data} />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>This page does not exist, or it is no longer shared with you.</p>
    </>
  );
}
