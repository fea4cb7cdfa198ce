import { NavLink } from "react-router";

/** The super-admin pages' tabs (company settings and message templates). */
export function SettingsTabs() {
  return (
    <nav className="tabs" aria-label="Company settings sections">
      <NavLink to="/settings/company" className="tab" end>
        Company
      </NavLink>
      <NavLink to="/settings/templates" className="tab">
        Message templates
      </NavLink>
    </nav>
  );
}
