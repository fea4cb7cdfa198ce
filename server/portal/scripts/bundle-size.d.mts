export const PORTAL_JS_BUDGET_KB: number;
export const PORTAL_DIST: string;
export function portalFirstScreen(dist?: string): { files: { file: string; bytes: number; gzBytes: number }[]; jsGzKb: number; cssGzKb: number };
