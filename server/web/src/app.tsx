import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import type { TRPCLink } from "@trpc/client";
import { lazy, type ReactNode, Suspense, useState } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { Layout } from "./components/layout";
import { Loading, ErrorNote } from "./components/query-state";
import { ToastProvider } from "./components/toast";
import { errorCode } from "./lib/errors";
import { MeProvider } from "./lib/me";
import { BulkUploadPage } from "./pages/bulk-upload";
import { CandidatePage } from "./pages/candidate";
import { CandidatesPage } from "./pages/candidates";
import { ClientPage, ClientsPage } from "./pages/clients";
import { CompanySettingsPage } from "./pages/company-settings";
import { DashboardPage } from "./pages/dashboard";
import { NewCandidatePage } from "./pages/new-candidate";
import { NewOpeningPage } from "./pages/new-opening";
import { NotFoundPage } from "./pages/not-found";
import { OpeningPage } from "./pages/opening";
import { OpeningsPage } from "./pages/openings";
import { ConversationLinkPage, InboxPage } from "./pages/inbox";
import { PersonalSettingsPage } from "./pages/personal-settings";
import { ReengagePage } from "./pages/reengage";
import { SignInPage } from "./pages/sign-in";
import { TasksPage } from "./pages/tasks";
import { type AppRouter, makeTrpcClient, TRPCProvider, useTRPC } from "./trpc";

// Admin-only and occasional screens load on demand (they stay out of the first-screen budget).
const OutboxPage = lazy(() => import("./pages/outbox").then((m) => ({ default: m.OutboxPage })));
const TemplatesPage = lazy(() => import("./pages/templates").then((m) => ({ default: m.TemplatesPage })));
const lazyPage = (el: ReactNode) => <Suspense fallback={<Loading label="Loading…" />}>{el}</Suspense>;

export function makeQueryClient() {
  const qc: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // Only network failures are worth retrying; a refusal from the server will not change.
        retry: (count, err) => errorCode(err) === null && count < 2,
      },
      mutations: { retry: false },
    },
    // A session that expires mid-use sends the person back to the sign-in page.
    // (auth.me itself and the sign-in mutation are where that answer is expected, not a session that ended.)
    queryCache: new QueryCache({ onError: (err, query) => !isAuthKey(query.queryKey) && onUnauthorized(qc, err) }),
    mutationCache: new MutationCache({ onError: (err, _v, _c, mutation) => !isAuthKey(mutation.options.mutationKey) && onUnauthorized(qc, err) }),
  });
  return qc;
}

const isAuthKey = (key: readonly unknown[] | undefined) => Array.isArray(key?.[0]) && key[0][0] === "auth";

function onUnauthorized(qc: QueryClient, err: unknown) {
  if (errorCode(err) === "UNAUTHORIZED") void qc.invalidateQueries({ queryKey: [["auth", "me"]] });
}

export function AppProviders({ children, links, queryClient }: { children: ReactNode; links?: TRPCLink<AppRouter>[]; queryClient?: QueryClient }) {
  const [qc] = useState(() => queryClient ?? makeQueryClient());
  const [client] = useState(() => makeTrpcClient(links));
  return (
    <QueryClientProvider client={qc}>
      <TRPCProvider trpcClient={client} queryClient={qc}>
        <ToastProvider>{children}</ToastProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** Everything but the sign-in page needs a session: `auth.me` decides. */
export function RequireSession({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const location = useLocation();
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
  if (me.isPending) return <Loading label="Opening Prospector…" />;
  if (me.error) {
    if (errorCode(me.error) === "UNAUTHORIZED") {
      const next = location.pathname + location.search;
      return <Navigate to={`/signin${next && next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`} replace />;
    }
    return (
      <main className="centered">
        <ErrorNote error={me.error} retry={() => void me.refetch()} title="Prospector is not answering" />
      </main>
    );
  }
  // A one-time password opens nothing but the screen to replace it (the server refuses the rest).
  if (me.data.mustChangePassword && location.pathname !== "/settings/personal") return <Navigate to="/settings/personal" replace />;
  return <MeProvider me={me.data}>{children}</MeProvider>;
}

export function App() {
  return (
    <Routes>
      <Route path="signin" element={<SignInPage />} />
      <Route
        element={
          <RequireSession>
            <Layout />
          </RequireSession>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="openings" element={<OpeningsPage />} />
        <Route path="openings/new" element={<NewOpeningPage />} />
        <Route path="openings/:openingId/*" element={<OpeningPage />} />
        <Route path="candidates" element={<CandidatesPage />} />
        <Route path="candidates/new" element={<NewCandidatePage />} />
        <Route path="candidates/:candidateId" element={<CandidatePage />} />
        <Route path="reengage" element={<ReengagePage />} />
        <Route path="import" element={<BulkUploadPage />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route path="conversations/:applicationId" element={<ConversationLinkPage />} />
        <Route path="tasks" element={<TasksPage />} />
        <Route path="clients" element={<ClientsPage />} />
        <Route path="clients/:clientId" element={<ClientPage />} />
        <Route path="outbox" element={lazyPage(<OutboxPage />)} />
        <Route path="settings/company" element={<CompanySettingsPage />} />
        <Route path="settings/templates" element={lazyPage(<TemplatesPage />)} />
        <Route path="settings/personal" element={<PersonalSettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
