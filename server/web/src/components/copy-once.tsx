import { useState } from "react";

/** A secret shown once (a new API token, a one-time password), with a copy button. */
export function CopyOnce({ label, value, note }: { label: string; value: string; note: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice notice-ok" role="status">
      <p>
        <strong>{label}</strong> {note}
      </p>
      <div className="inline-form">
        <code className="tokens-new" data-testid="secret">
          {value}
        </code>
        <button
          type="button"
          className="button-small"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
