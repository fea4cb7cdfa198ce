// The toolbar popup: connect; then capture the current page, the adds waiting to be sent, the prospects that
// need follow-up (their count is on the badge) and the latest adds.
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { send } from "~lib/messages";
import type { CaptureRes, StatusRes } from "~lib/protocol";
import { CaptureForm, failureText } from "~ui/CaptureForm";
import { ConnectForm, SignOutButton } from "~ui/Connection";
import { STYLES } from "~ui/styles";

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 10_000 } } });

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });

/** The tab to capture: the active one (a `?tab=<id>` parameter names another, for opening the popup as a page). */
async function targetTabId(): Promise<number | null> {
  const fromUrl = Number(new URLSearchParams(location.search).get("tab"));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

function Overview({ status }: { status: StatusRes }) {
  const qc = useQueryClient();
  const overview = useQuery({ queryKey: ["overview"], queryFn: () => send("overview", {}), refetchInterval: 5_000 });
  const retry = useMutation({ mutationFn: () => send("retry-queue", {}), onSettled: () => void qc.invalidateQueries() });
  const dismiss = useMutation({ mutationFn: (requestId: string) => send("dismiss-queued", { requestId }), onSettled: () => void qc.invalidateQueries() });
  const data = overview.data;
  const follow = data?.followUp;
  const waiting = data?.queue.filter((q) => q.state !== "failed") ?? [];
  const failed = data?.queue.filter((q) => q.state === "failed") ?? [];
  return (
    <>
      {waiting.length > 0 || failed.length > 0 ? (
        <section className="pp-section" aria-labelledby="pp-queue-h" data-testid="queue">
          <h2 id="pp-queue-h">
            <span>
              Waiting to be sent <span className="pp-count pp-amber">{waiting.length}</span>
            </span>
            <button type="button" className="pp-link-btn" onClick={() => retry.mutate()} disabled={retry.isPending}>
              Retry now
            </button>
          </h2>
          <ul className="pp-list">
            {[...waiting, ...failed].map((q) => (
              <li key={q.requestId}>
                <div>
                  <strong>{q.fullName}</strong> → {q.openingTitle}, {q.stageName}
                </div>
                <div className="pp-sub">
                  {q.state === "failed"
                    ? `Refused by the server: ${q.lastError ?? ""}`
                    : q.state === "paused"
                      ? "Waiting for you to connect again"
                      : `Tried ${q.attempts}× · next try ${new Date(q.nextAttemptAt).toLocaleTimeString()}${q.lastError ? ` · ${q.lastError}` : ""}`}
                  {q.state === "failed" ? (
                    <>
                      {" "}
                      <button type="button" className="pp-link-btn" onClick={() => dismiss.mutate(q.requestId)} aria-label={`Dismiss ${q.fullName}`}>
                        Dismiss
                      </button>
                    </>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="pp-section" aria-labelledby="pp-follow-h" data-testid="follow-up">
        <h2 id="pp-follow-h">
          <span>
            Needs follow-up{" "}
            {follow?.ok ? (
              <span className="pp-count">
                {follow.data.count}
                {follow.data.capped ? "+" : ""}
              </span>
            ) : null}
          </span>
        </h2>
        {!follow ? (
          <p className="pp-hint">Loading…</p>
        ) : !follow.ok ? (
          <p className="pp-hint">{failureText(follow.error)}</p>
        ) : follow.data.items.length === 0 ? (
          <p className="pp-hint">Nobody is waiting for a follow-up.</p>
        ) : (
          <ul className="pp-list">
            {follow.data.items.map((f) => (
              <li key={`${f.candidateId}-${f.openingTitle}`}>
                <a href={f.candidateUrl} target="_blank" rel="noopener noreferrer">
                  {f.fullName}
                </a>
                <div className="pp-sub">
                  {[f.title, f.companyName].filter(Boolean).join(", ")}
                  {f.openingTitle ? ` · ${f.openingTitle}, ${f.stageName}` : ""}
                </div>
              </li>
            ))}
          </ul>
        )}
        {follow?.ok && follow.stale ? <p className="pp-hint">Offline: as last seen {follow.fetchedAt ? when(follow.fetchedAt) : ""}.</p> : null}
      </section>

      <section className="pp-section" aria-labelledby="pp-recent-h" data-testid="recent">
        <h2 id="pp-recent-h">Latest adds</h2>
        {data && data.recent.length === 0 ? <p className="pp-hint">Nothing added from this browser yet.</p> : null}
        <ul className="pp-list">
          {data?.recent.map((r) => (
            <li key={`${r.candidateId}-${r.openingTitle}`}>
              <a href={r.candidateUrl} target="_blank" rel="noopener noreferrer">
                {r.fullName}
              </a>
              <div className="pp-sub">
                {r.openingTitle}, {r.stageName} · {when(r.at)}
              </div>
            </li>
          ))}
        </ul>
      </section>
      {status.lastUsed ? (
        <p className="pp-hint">
          Shortcut (Alt+Shift+P by default) adds the page's person to <strong>{status.lastUsed.openingTitle}</strong>, {status.lastUsed.stageName}.
        </p>
      ) : null}
    </>
  );
}

function Connected({ status }: { status: StatusRes }) {
  const [capture, setCapture] = useState<CaptureRes | null>(null);
  const [captureError, setCaptureError] = useState<string | null>(null);
  const grab = useMutation({
    mutationFn: async () => {
      const tabId = await targetTabId();
      if (tabId === null) throw new Error("No tab to capture");
      const r = await send("capture-tab", { tabId });
      if (!r.ok) throw new Error(r.message);
      return r.capture;
    },
    onSuccess: (c) => {
      setCaptureError(null);
      setCapture(c);
    },
    onError: (err) => setCaptureError(err instanceof Error ? err.message : String(err)),
  });

  if (capture) {
    return (
      <section className="pp-section" aria-labelledby="pp-capture-h">
        <h2 id="pp-capture-h">
          <span>Add prospect</span>
          <button type="button" className="pp-link-btn" onClick={() => setCapture(null)}>
            Back
          </button>
        </h2>
        <CaptureForm capture={capture} onDone={() => setCapture(null)} />
      </section>
    );
  }
  return (
    <>
      <div className="pp-row">
        <button type="button" className="pp-primary" onClick={() => grab.mutate()} disabled={grab.isPending}>
          {grab.isPending ? "Reading the page…" : "Capture this page"}
        </button>
        <SignOutButton />
      </div>
      {captureError ? (
        <p className="pp-banner pp-error" role="alert">
          {captureError}
        </p>
      ) : null}
      <Overview status={status} />
    </>
  );
}

function App() {
  const status = useQuery({ queryKey: ["status"], queryFn: () => send("status", {}) });
  const s = status.data;
  return (
    <div className="pp-app">
      <header className="pp-popup-header">
        <h1>Prospector</h1>
        {s?.connected && s.user ? (
          <span className="pp-user" data-testid="signed-in-as">
            {s.user.name} ·{" "}
            <a href={`${s.serverUrl}/app/`} target="_blank" rel="noopener noreferrer" style={{ color: "#fff" }}>
              {s.serverUrl ? new URL(s.serverUrl).host : ""}
            </a>
          </span>
        ) : null}
      </header>
      <main className="pp-popup-body">{!s ? <p className="pp-hint">Loading…</p> : s.connected ? <Connected status={s} /> : <ConnectForm status={s} />}</main>
    </div>
  );
}

function Popup() {
  return (
    <QueryClientProvider client={queryClient}>
      <style>{STYLES}</style>
      <App />
    </QueryClientProvider>
  );
}

export default Popup;
