// The options page: the connection (the same form as the popup's), roomier.
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { send } from "~lib/messages";
import { ConnectForm, SignOutButton } from "~ui/Connection";
import { STYLES } from "~ui/styles";

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });

function Options() {
  const status = useQuery({ queryKey: ["status"], queryFn: () => send("status", {}) });
  const s = status.data;
  return (
    <div className="pp-app" style={{ width: 460 }}>
      <header className="pp-popup-header">
        <h1>Prospector settings</h1>
      </header>
      <main className="pp-popup-body">
        {!s ? (
          <p className="pp-hint">Loading…</p>
        ) : s.connected ? (
          <>
            <p data-testid="connected">
              Connected to <strong>{s.serverUrl}</strong> as <strong>{s.user?.name}</strong> ({s.user?.email}).
            </p>
            <div className="pp-actions">
              <SignOutButton />
            </div>
          </>
        ) : (
          <ConnectForm status={s} />
        )}
        <p className="pp-hint">The keyboard shortcut can be changed at chrome://extensions/shortcuts.</p>
      </main>
    </div>
  );
}

export default function OptionsPage() {
  return (
    <QueryClientProvider client={queryClient}>
      <style>{STYLES}</style>
      <Options />
    </QueryClientProvider>
  );
}
