import type { UserActor } from "../../lib/actor";
import { hashPassword } from "../../lib/crypto";
import type { Deps } from "../../lib/deps";
import { conflict, notFound } from "../../lib/errors";
import { seedDefaultStates } from "../decisions/decisions.service";
import { seedDefaultTemplates } from "../templates/templates.service";
import { emailTaken, insertUser } from "../users/users.repo";
import * as repo from "./companies.repo";

function slugify(name: string) {
  return (
    name
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "company"
  );
}

/** A new tenant with its first super admin and the default decisioned states. */
export async function createCompany(
  deps: Deps,
  input: { name: string; admin: { email: string; name: string; password: string; mustChangePassword?: boolean } },
) {
  const email = input.admin.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.admin.password);
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    if (emailTaken(tx, email)) throw conflict("A user with this email already exists");
    let slug = slugify(input.name);
    for (let i = 2; repo.slugTaken(tx, slug); i++) slug = `${slugify(input.name)}-${i}`;
    const companyId = repo.insertCompany(tx, { name: input.name, slug, createdAt: now });
    const userId = insertUser(tx, {
      companyId,
      email,
      name: input.admin.name,
      role: "super_admin",
      passwordHash,
      mustChangePassword: input.admin.mustChangePassword ?? false,
      createdAt: now,
    });
    seedDefaultStates(tx, companyId, now);
    seedDefaultTemplates(tx, companyId, now);
    return { companyId, userId, slug };
  });
}

export function publicCompany(c: repo.CompanyRow) {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    publicContactEmail: c.publicContactEmail,
    logoUrl: c.logoUrl,
    brandColor: c.brandColor,
    portalName: c.portalName,
    mailsPerMinute: c.mailsPerMinute,
  };
}

export function getCompany(deps: Deps, actor: UserActor) {
  const c = repo.getCompany(deps.db, actor.companyId);
  if (!c) throw notFound("Company");
  return publicCompany(c);
}

export function updateCompany(
  deps: Deps,
  actor: UserActor,
  input: { name?: string; publicContactEmail?: string | null; logoUrl?: string | null; brandColor?: string | null; portalName?: string | null; mailsPerMinute?: number },
) {
  repo.updateCompany(deps.db, actor.companyId, input);
  return getCompany(deps, actor);
}
