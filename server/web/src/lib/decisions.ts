/** The states staff may decide with: "Rejected by client" is the client portal's (the server refuses it from staff). */
export const staffStates = <S extends { kind: string }>(states: S[] | undefined): S[] => (states ?? []).filter((s) => s.kind !== "rejected_by_client");
