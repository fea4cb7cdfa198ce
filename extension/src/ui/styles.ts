// One stylesheet for the popup and the content-script UI (inside its shadow root, so the page's CSS
// cannot reach it and it cannot reach the page). Plain CSS in a string: no loader needed in tests.
export const STYLES = `
:host, .pp-app {
  all: initial;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #111827;
}
.pp-app *, .pp-root * { box-sizing: border-box; font: inherit; }
.pp-root { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; }
.pp-fab {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483647;
  display: inline-flex; align-items: center; gap: 6px;
  padding: 10px 16px; border: 0; border-radius: 999px; cursor: pointer;
  background: #1d4ed8; color: #fff; font-weight: 600; font-size: 14px;
  box-shadow: 0 4px 14px rgba(0,0,0,.25);
}
.pp-fab:hover { background: #1e40af; }
.pp-fab:focus-visible, .pp-root button:focus-visible, .pp-app button:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.pp-panel {
  position: fixed; right: 16px; top: 16px; max-height: calc(100vh - 32px); z-index: 2147483647;
  width: 400px; max-width: calc(100vw - 32px);
  display: flex; flex-direction: column;
  background: #fff; border: 1px solid #d1d5db; border-radius: 10px;
  box-shadow: 0 10px 40px rgba(0,0,0,.3); overflow: hidden;
}
.pp-panel > header, .pp-popup-header {
  display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 10px 14px; background: #1d4ed8; color: #fff;
}
.pp-panel h2, .pp-popup-header h1 { margin: 0; font-size: 15px; font-weight: 700; color: inherit; }
.pp-panel-body { flex: 1 1 auto; min-height: 0; overflow: auto; padding: 12px 14px; }
.pp-icon-btn { background: transparent; border: 0; color: inherit; font-size: 20px; line-height: 1; cursor: pointer; padding: 2px 6px; border-radius: 4px; }
.pp-form { display: flex; flex-direction: column; gap: 10px; }
.pp-form fieldset { border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px 10px 10px; margin: 0; display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
.pp-form legend { font-weight: 700; padding: 0 4px; color: #374151; }
.pp-field { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.pp-field.pp-wide { grid-column: 1 / -1; }
.pp-field label { font-size: 12px; color: #374151; font-weight: 600; }
.pp-field .pp-src { font-weight: 400; color: #6b7280; }
.pp-field input, .pp-field textarea, .pp-field select {
  width: 100%; padding: 5px 7px; border: 1px solid #9ca3af; border-radius: 5px; background: #fff; color: #111827;
}
.pp-field textarea { resize: vertical; min-height: 44px; }
.pp-field input:focus, .pp-field textarea:focus, .pp-field select:focus { outline: 2px solid #2563eb; outline-offset: 0; border-color: #2563eb; }
.pp-hint { font-size: 12px; color: #4b5563; margin: 0; }
.pp-actions { display: flex; gap: 8px; align-items: center; justify-content: flex-end; padding-top: 4px; }
.pp-primary, .pp-secondary {
  padding: 7px 14px; border-radius: 6px; cursor: pointer; font-weight: 600; border: 1px solid transparent;
}
.pp-primary { background: #1d4ed8; color: #fff; }
.pp-primary:hover { background: #1e40af; }
.pp-primary:disabled { background: #93c5fd; cursor: not-allowed; }
.pp-secondary { background: #fff; color: #1f2937; border-color: #9ca3af; }
.pp-secondary:hover { background: #f3f4f6; }
.pp-link-btn { background: none; border: 0; color: #1d4ed8; text-decoration: underline; cursor: pointer; padding: 0; }
.pp-banner { border-radius: 8px; padding: 8px 10px; border: 1px solid; margin: 0; }
.pp-banner p { margin: 0; }
.pp-banner p + p, .pp-banner ul { margin-top: 4px; }
.pp-banner ul { padding-left: 18px; margin-bottom: 0; }
.pp-info { background: #eff6ff; border-color: #bfdbfe; color: #1e3a8a; }
.pp-ok { background: #ecfdf5; border-color: #6ee7b7; color: #065f46; }
.pp-warn { background: #fffbeb; border-color: #fcd34d; color: #78350f; }
.pp-error { background: #fef2f2; border-color: #fca5a5; color: #7f1d1d; }
.pp-banner a, .pp-app a { color: #1d4ed8; font-weight: 600; }
.pp-banner strong { font-weight: 700; }
.pp-toast {
  position: fixed; right: 20px; bottom: 76px; z-index: 2147483647; max-width: 360px;
  background: #111827; color: #fff; border-radius: 8px; padding: 10px 14px; box-shadow: 0 4px 14px rgba(0,0,0,.3);
}
.pp-toast a { color: #93c5fd; }
.pp-app { display: block; width: 380px; min-height: 200px; background: #fff; }
.pp-popup-body { padding: 12px 14px; display: flex; flex-direction: column; gap: 12px; }
.pp-section h2 { font-size: 13px; font-weight: 700; margin: 0 0 6px; color: #111827; display: flex; justify-content: space-between; align-items: center; }
.pp-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.pp-list li { border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 8px; }
.pp-list .pp-sub { color: #4b5563; font-size: 12px; }
.pp-count { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 999px; background: #1d4ed8; color: #fff; font-size: 12px; text-align: center; }
.pp-count.pp-amber { background: #b45309; }
.pp-muted { color: #4b5563; }
.pp-user { font-size: 12px; color: #dbeafe; }
.pp-row { display: flex; gap: 8px; align-items: center; justify-content: space-between; }
.pp-capture { width: auto; min-height: 100vh; }
.pp-capture:not(.pp-embedded) .pp-popup-body { max-width: 640px; margin: 0 auto; }
.pp-capture.pp-embedded .pp-popup-body { padding-top: 10px; }
body:has(.pp-capture) { margin: 0; }
.pp-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
