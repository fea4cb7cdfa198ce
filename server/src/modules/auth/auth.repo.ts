import { and, desc, eq, isNull, lt } from "drizzle-orm";
import type { DB, Executor } from "../../db/client";
import { apiTokens, sessions, users } from "../../db/schema/companies";

export function findUserByEmail(db: Executor, email: string) {
  return db.select().from(users).where(eq(users.email, email)).get();
}

export function findUserById(db: Executor, companyId: number, id: number) {
  return db.select().from(users).where(and(eq(users.companyId, companyId), eq(users.id, id))).get();
}

export function recordFailedSignIn(db: Executor, userId: number, failedSignIns: number, lockedUntil: number | null) {
  db.update(users).set({ failedSignIns, lockedUntil }).where(eq(users.id, userId)).run();
}

export function clearFailedSignIns(db: Executor, userId: number) {
  db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId)).run();
}

export function setPassword(db: Executor, userId: number, passwordHash: string, mustChangePassword: boolean) {
  db.update(users).set({ passwordHash, mustChangePassword }).where(eq(users.id, userId)).run();
}

export function insertSession(db: Executor, row: typeof sessions.$inferInsert) {
  db.insert(sessions).values(row).run();
}

export function deleteSession(db: Executor, tokenHash: string) {
  db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
}

export function deleteExpiredSessions(db: Executor, now: number) {
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
}

export function deleteUserSessions(db: Executor, companyId: number, userId: number) {
  db.delete(sessions).where(and(eq(sessions.companyId, companyId), eq(sessions.userId, userId))).run();
}

export function revokeUserApiTokens(db: Executor, companyId: number, userId: number, now: number) {
  db.update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.companyId, companyId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .run();
}

export function insertApiToken(db: Executor, row: typeof apiTokens.$inferInsert) {
  return db.insert(apiTokens).values(row).returning({ id: apiTokens.id }).get();
}

export function listApiTokens(db: Executor, companyId: number, userId: number) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.companyId, companyId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.id))
    .all();
}

export function revokeApiToken(db: Executor, companyId: number, userId: number, id: number, now: number) {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(apiTokens.companyId, companyId),
        eq(apiTokens.userId, userId),
        eq(apiTokens.id, id),
        isNull(apiTokens.revokedAt),
      ),
    )
    .run().changes;
}

/** Prepared once per database: every API request resolves its credential through these. */
export function prepareCredentialLookups(db: DB) {
  const session = db.$client.prepare<[string], SessionRow>(
    `SELECT s.id AS sessionId, s.expires_at AS expiresAt, u.id AS userId, u.company_id AS companyId, u.role, u.name, u.active, u.must_change_password AS mustChangePassword
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
  );
  const token = db.$client.prepare<[string], TokenRow>(
    `SELECT t.id AS tokenId, t.last_used_at AS lastUsedAt, t.revoked_at AS revokedAt, u.id AS userId, u.company_id AS companyId, u.role, u.name, u.active, u.must_change_password AS mustChangePassword
       FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
  );
  const touchToken = db.$client.prepare<[number, number]>("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
  return {
    session: (hash: string) => session.get(hash),
    token: (hash: string) => token.get(hash),
    touchToken: (id: number, now: number) => touchToken.run(now, id),
  };
}

interface PrincipalRow {
  userId: number;
  companyId: number;
  role: "super_admin" | "admin" | "recruiter";
  name: string;
  active: number;
  mustChangePassword: number;
}
export interface SessionRow extends PrincipalRow {
  sessionId: number;
  expiresAt: number;
}
export interface TokenRow extends PrincipalRow {
  tokenId: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}
