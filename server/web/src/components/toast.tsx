import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

interface Toast {
  id: number;
  kind: "error" | "success";
  text: string;
}
interface ToastApi {
  error(text: string): void;
  success(text: string): void;
}

const Ctx = createContext<ToastApi>({ error: () => {}, success: () => {} });
export const useToast = () => useContext(Ctx);

/** Short messages after an action; errors stay until dismissed, successes fade after a few seconds. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (kind: Toast["kind"], text: string) => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-3), { id, kind, text }]);
      if (kind === "success") setTimeout(() => dismiss(id), 4000);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(() => ({ error: (t) => push("error", t), success: (t) => push("success", t) }), [push]);
  return (
    <Ctx.Provider value={api}>
      {children}
      <div className="toasts">
        <div role="alert" aria-live="assertive">
          {toasts
            .filter((t) => t.kind === "error")
            .map((t) => (
              <div key={t.id} className="toast toast-error">
                <span>{t.text}</span>
                <button type="button" className="link-button" onClick={() => dismiss(t.id)} aria-label="Dismiss message">
                  ×
                </button>
              </div>
            ))}
        </div>
        <div role="status" aria-live="polite">
          {toasts
            .filter((t) => t.kind === "success")
            .map((t) => (
              <div key={t.id} className="toast toast-success">
                <span>{t.text}</span>
              </div>
            ))}
        </div>
      </div>
    </Ctx.Provider>
  );
}
