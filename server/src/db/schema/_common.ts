import { integer } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch; stored as integer so it sorts and compares cheaply and ports to bigint. */
export const timestampMs = (name: string) => integer(name, { mode: "number" });
