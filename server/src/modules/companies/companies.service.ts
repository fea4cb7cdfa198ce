import { isSuperAdmin, type UserActor } from "../../lib/actor";
import { hashPassword } from "../../lib/crypto";
import type { Deps } from "../../lib/deps";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors";
import { seedDefaultStates } from "../decisions/decisions.service";
import { seedDefaultTemplates } from "../templates/templates.service";
import { emailTaken, insertUser } from "../users/users.repo";
import * as repo from "./companies.repo";
import { companyLogoUrl, deleteLogoFile, LOGO_MAX_BYTES, type LogoType, sha256Hex, sniffLogo, storeLogo } from "./logo";

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
 * Replaces the company's logo with an uploaded image (type sniffed from the bytes, size capped). The file and the
 * rows change together under the write lock (see placeLogo): the new bytes are (re)written once the row points at
 * them, and the old file goes only when no company's row names it any more.
 */
export function uploadLogo(deps: Deps, actor: UserActor, input: { bytes: Uint8Array }) {
  superAdminOnly(actor);
  if (input.bytes.length === 0) throw badRequest("The file is empty");
  if (input.bytes.length > LOGO_MAX_BYTES) throw badRequest(`A logo is at most ${LOGO_MAX_BYTES / 1024 / 1024} MB`);
  const { type } = sniffLogo(input.bytes);
  placeLogo(deps, actor, { sha: sha256Hex(input.bytes), type, bytes: input.bytes });
  return getCompany(deps, actor);
}

export function removeLogo(deps: Deps, actor: UserActor) {
  superAdminOnly(actor);
  placeLogo(deps, actor, null);
  return getCompany(deps, actor);
}

/**
 * Points the company at a logo (or none) and settles the files, in one write transaction. Logos are content-
 * addressed, so two companies (or a removal and a new upload) may share a file: the old one is unlinked only when
 * no row names its hash, checked after this company's row has changed, and the new one is written after the row
 * names it, whether or not a file was there (it is small), so no other transaction can come between a "still used?"
 * check and its unlink, nor between "already there" and the row. Should the commit fail after an unlink, the row
 * names a missing file, which the logo route answers with 404.
 */
function placeLogo(deps: Deps, actor: UserActor, next: { sha: string; type: LogoType; bytes: Uint8Array } | null) {
  deps.db.transaction((tx) => {
    const c = repo.getCompany(tx, actor.companyId);
    if (!c) throw notFound("Company");
    repo.updateCompany(tx, actor.companyId, { logoSha256: next?.sha ?? null, logoType: next?.type ?? null });
    if (next) storeLogo(deps, next.sha, next.bytes);
    if (c.logoSha256 && c.logoSha256 !== next?.sha && !repo.logoInUse(tx, c.logoSha256)) deleteLogoFile(deps, c.logoSha256);
  });
}

/** The public logo of a company by its slug (for the logo route), or undefined. */
export function logoBySlug(deps: Deps, slug: string) {
  return repo.logoBySlug(deps.db, slug);
}
