import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { NavLink, Outlet, useNavigate } from "react-router";
import { errorMessage } from "../lib/errors";
import { ROLE_LABELS } from "../lib/format";
import { isAdminRole, useMe } from "../lib/me";
import { useTRPC } from "../trpc";
import { LiveUpdates } from "./live-updates";
import { NotificationBell } from "./notification-bell";
import { useToast } from "./toast";

export function Layout() {
  const me = useMe();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        qc.clear();
        navigate("/signin?signedOut=1", { replace: true });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" end>
          Prospector
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Dashboard
              </NavLink>
            </li>
            <li>
              <NavLink to="/openings">Openings</NavLink>
            </li>
            <li>
              <NavLink to="/candidates">Candidates</NavLink>
            </li>
            <li>
              <NavLink to="/reengage">Re-engage</NavLink>
            </li>
            <li>
              <NavLink to="/inbox">Inbox</NavLink>
            </li>
            <li>
              <TasksLink />
            </li>
            <li>
              <NavLink to="/clients">Clients</NavLink>
            </li>
            <li>
              <NavLink to="/import">Bulk upload</NavLink>
            </li>
            {isAdminRole(me.role) && (
              <li>
                <NavLink to="/outbox">Outbox</NavLink>
              </li>
            )}
            {me.role === "super_admin" && (
              <li>
                <NavLink to="/settings/company">Company settings</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="account">
          <NotificationBell />
          <LiveUpdates />
          <NavLink to="/settings/personal" className="account-link">
            {me.name} <span className="muted">· {ROLE_LABELS[me.role]}</span>
          </NavLink>
          <button type="button" className="button-quiet" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </div>
      </header>
      {me.mustChangePassword && (
        <div className="banner" role="status">
          You are using a one-time password. <NavLink to="/settings/personal" className="banner-link">Choose your own password</NavLink>.
        </div>
      )}
      <main id="main" tabIndex={-1} data-admin={isAdminRole(me.role) ? "yes" : "no"}>
        <Outlet />
      </main>
    </div>
  );
}

/** "Tasks" with the number of the user's open tasks. */
function TasksLink() {
  const trpc = useTRPC();
  const n = useQuery({ ...trpc.tasks.openCount.queryOptions(), refetchInterval: 60_000 }).data?.open ?? 0;
  return (
    <NavLink to="/tasks" aria-label={n ? `My tasks, ${n} open` : "My tasks"}>
      Tasks{n > 0 && <span className="count"> {n}</span>}
    </NavLink>
  );
}
