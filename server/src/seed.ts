import { randomUUID } from "node:crypto";
import type { UserActor } from "./lib/actor";
import { randomToken } from "./lib/crypto";
import type { Deps } from "./lib/deps";
import { addProspect } from "./modules/candidates/intake.service";
import { countCompanies } from "./modules/companies/companies.repo";
import { createCompany } from "./modules/companies/companies.service";
import { createOpening } from "./modules/openings/openings.service";

/**
 * On an empty database: a company with its super admin (from PROSPECTOR_ADMIN_* or a generated password,
 * printed once), plus demo openings and prospects unless demo data is switched off. A generated password is a
 * one-time password: it is printed to the console (and so to logs), so the admin must choose their own at first
 * sign-in. A password the operator set in PROSPECTOR_ADMIN_PASSWORD is already their own and is kept.
 */
export async function bootstrap(deps: Deps, print: (line: string) => void): Promise<void> {
  if (countCompanies(deps.db) > 0) return;
  const given = deps.config.bootstrapAdmin;
  const email = given?.email ?? "admin@example.com";
  const password = given?.password ?? randomToken(12);
  const { companyId, userId } = await createCompany(deps, {
    name: deps.config.demoData ? "Demo Recruiting" : "My Company",
    admin: { email, name: "Admin", password, mustChangePassword: given === undefined },
  });
  // The demo data is created by the system on the admin's behalf, before anyone signs in.
  const actor: UserActor = { type: "user", userId, companyId, role: "super_admin", name: "Admin" };
  if (deps.config.demoData) seedDemo(deps, actor);
  deps.log.info({ companyId, demo: deps.config.demoData }, "created the first company");
  print("");
  print("  Prospector is set up. Sign in at " + `${deps.config.publicUrl}/app`);
  print(`    email:    ${email}`);
  print(given ? "    password: (the one in PROSPECTOR_ADMIN_PASSWORD)" : `    password: ${password}   <- one-time: shown only this once, you choose your own at first sign-in`);
  print("");
}

function seedDemo(deps: Deps, actor: UserActor) {
  const backend = createOpening(deps, actor, {
    title: "Senior Backend Engineer",
    department: "Engineering",
    location: "Prague / remote",
    description: "TypeScript, Node.js and SQL at scale.",
    prospectingEnabled: true,
  });
  createOpening(deps, actor, { title: "Product Designer", department: "Design", location: "Berlin" });
  const people = [
    { fullName: "Jana Nováková", title: "Staff Engineer", company: "Kiwi.com", location: "Brno", profileUrl: "https://www.linkedin.com/in/jana-novakova-demo" },
    { fullName: "Tomás Ruiz", title: "Backend Developer", company: "Glovo", location: "Barcelona", profileUrl: "https://github.com/truiz-demo" },
    { fullName: "Priya Natarajan", title: "Senior Software Engineer", company: "Monzo", location: "London", emails: ["priya.demo@example.com"] },
  ];
  for (const p of people) {
    addProspect(deps, actor, {
      requestId: randomUUID(),
      openingId: backend,
      draft: { headline: "", summary: "", emails: [], phones: [], links: [], skills: ["TypeScript", "Node.js"], ...p },
    });
  }
}
