import { isSuperAdmin, type UserActor } from "../../lib/actor";
import { hashPassword } from "../../lib/crypto";
import type { Deps } from "../../lib/deps";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors";
import { seedDefaultStates } from "../decisions/decisions.service";
import { seedDefaultTemplates } from "../templates/templates.service";
import { emailTaken, insertUser } from "../users/users.repo";
import * as repo from "./companies.repo";
import { companyLogoUrl, deleteLogoFile, LOGO_MAX_BYTES, sha256Hex, sniffLogo, storeLogo } from "./logo";

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
    /** The uploaded logo, if any (it wins over logoUrl on the portal and the careers page). */
    logo: c.logoSha256 && c.logoType ? { url: companyLogoUrl(c)!, type: c.logoType } : null,
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

const superAdminOnly = (actor: UserActor) => {
  if (!isSuperAdmin(actor)) throw forbidden("Only super admins change the branding");
};

/**
 * Replaces the company's logo with an uploaded image (type sniffed from the bytes, size capped). The bytes are
 * stored before the row points at them; the old file goes once no company uses it any more.
 */
export function uploadLogo(deps: Deps, actor: UserActor, input: { bytes: Uint8Array }) {
  superAdminOnly(actor);
  if (input.bytes.length === 0) throw badRequest("The file is empty");
  if (input.bytes.length > LOGO_MAX_BYTES) throw badRequest(`A logo is at most ${LOGO_MAX_BYTES / 1024 / 1024} MB`);
  const { type } = sniffLogo(input.bytes);
  const sha = sha256Hex(input.bytes);
  storeLogo(deps, sha, input.bytes);
  const old = deps.db.transaction((tx) => {
    const c = repo.getCompany(tx, actor.companyId);
    if (!c) throw notFound("Company");
    repo.updateCompany(tx, actor.companyId, { logoSha256: sha, logoType: type });
    return c.logoSha256;
  });
  if (old && old !== sha) dropLogoIfUnused(deps, old);
  return getCompany(deps, actor);
}

export function removeLogo(deps: Deps, actor: UserActor) {
  superAdminOnly(actor);
  const old = deps.db.transaction((tx) => {
    const c = repo.getCompany(tx, actor.companyId);
    if (!c) throw notFound("Company");
    repo.updateCompany(tx, actor.companyId, { logoSha256: null, logoType: null });
    return c.logoSha256;
  });
  if (old) dropLogoIfUnused(deps, old);
  return getCompany(deps, actor);
}

function dropLogoIfUnused(deps: Deps, sha: string) {
  if (!repo.logoInUse(deps.db, sha)) deleteLogoFile(deps, sha);
}

/** The public logo of a company by its slug (for the logo route), or undefined. */
export function logoBySlug(deps: Deps, slug: string) {
  return repo.logoBySlug(deps.db, slug);
}
