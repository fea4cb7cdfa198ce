import { createContext, type ReactNode, useContext } from "react";
import type { RouterOutputs } from "../trpc";

export type Me = RouterOutputs["auth"]["me"];
const Ctx = createContext<Me | null>(null);

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <Ctx.Provider value={me}>{children}</Ctx.Provider>;
}

/** The signed-in user (inside the signed-in part of the app). */
export function useMe(): Me {
  const me = useContext(Ctx);
  if (!me) throw new Error("useMe outside a signed-in page");
  return me;
}

export const isAdminRole = (role: Me["role"]) => role === "admin" || role === "super_admin";
