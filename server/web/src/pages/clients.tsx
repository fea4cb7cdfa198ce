import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { Empty, QueryView } from "../components/query-state";
import { useToast } from "../components/toast";
import { errorMessage } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import { isAdminRole, useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import { positiveInt } from "../lib/url-state";
import type { RouterInputs, RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { NotFoundPage } from "./not-found";

type Contact = RouterOutputs["clients"]["get"]["contacts"][number];
type ProfileField = RouterInputs["shares"]["saveProfileTemplate"]["fields"][number];

/** The agency's clients: admins add and edit them; recruiters read. */
export function ClientsPage() {
  usePageTitle("Clients");
  const trpc = useTRPC();
  const me = useMe();
  const list = useQuery(trpc.clients.list.queryOptions());
  return (
    <section className="stack">
      <div className="page-head">
        <h1>Clients</h1>
      </div>
      {isAdminRole(me.role) && <NewClient />}
      <QueryView query={list} loading="Loading clients…">
        {(clients) =>
          clients.length === 0 ? (
            <Empty title="No clients yet." />
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col" className="num">
                    Active contacts
                  </th>
                  <th scope="col" className="num">
                    Openings
                  </th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {clients.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/clients/${c.id}`}>{c.name}</Link>
                    </td>
                    <td className="num">
                      {c.activeContacts} of {c.contacts}
                    </td>
                    <td className="num">{c.openings}</td>
                    <td className="muted">{c.notes.slice(0, 120)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      <ProfileTemplates admin={isAdminRole(me.role)} />
    </section>
  );
}

const FIELD_LABELS: Record<ProfileField, string> = {
  name: "Name",
  headline: "Headline",
  location: "Location",
  skills: "Skills",
  experience: "Experience",
  education: "Education",
  summary: "Summary",
  email: "Email (contact detail)",
  phone: "Phone (contact detail)",
  profile_urls: "Profile links (contact detail)",
};
const DEFAULT_FIELDS: ProfileField[] = ["name", "headline", "location", "skills", "experience", "education", "summary"];

/** Which candidate fields a client sees on a shared online profile; contact details are off unless chosen. */
function ProfileTemplates({ admin }: { admin: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const list = useQuery(trpc.shares.profileTemplates.queryOptions());
  const [name, setName] = useState("");
  const [fields, setFields] = useState<ProfileField[]>(DEFAULT_FIELDS);
  const save = useMutation(
    trpc.shares.saveProfileTemplate.mutationOptions({
      onSuccess: () => {
        setName("");
        setFields(DEFAULT_FIELDS);
        void qc.invalidateQueries(trpc.shares.pathFilter());
        toast.success("Profile template saved");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <section className="card" aria-labelledby="profiles-h">
      <h2 id="profiles-h">Online profile templates</h2>
      <p className="muted">Without a template a shared profile shows everything but the candidate's email, phone and profile links.</p>
      <QueryView query={list}>
        {(ts) =>
          ts.length === 0 ? (
            <p className="muted">No templates yet.</p>
          ) : (
            <ul>
              {ts.map((t) => (
                <li key={t.id}>
                  <strong>{t.name}</strong>
                  {t.isDefault ? " (default)" : ""}: {t.fields.map((f) => FIELD_LABELS[f as ProfileField] ?? f).join(", ")}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {admin && (
        <form
          className="stack"
          aria-label="New profile template"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ name, fields });
          }}
        >
          <label className="field field-inline">
            <span>Template name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          </label>
          <fieldset>
            <legend>Fields the client sees</legend>
            {(Object.entries(FIELD_LABELS) as [ProfileField, string][]).map(([f, label]) => (
              <label key={f} className="checkbox">
                <input
                  type="checkbox"
                  checked={fields.includes(f)}
                  disabled={f === "name"}
                  onChange={(e) => setFields((x) => (e.target.checked ? [...x, f] : x.filter((y) => y !== f)))}
                />{" "}
                {label}
              </label>
            ))}
          </fieldset>
          <div>
            <button type="submit" className="button" disabled={save.isPending || !name.trim()}>
              Save template
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function NewClient() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.clients.create.mutationOptions({
      onSuccess: () => {
        setName("");
        void qc.invalidateQueries(trpc.clients.pathFilter());
        toast.success("Client added");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name });
      }}
    >
      <label className="field field-inline">
        <span>New client</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <button type="submit" className="button" disabled={create.isPending || !name.trim()}>
        Add client
      </button>
    </form>
  );
}

/** One client: name and notes, its contacts (add, edit, invite, deactivate) and its openings. */
export function ClientPage() {
  const id = positiveInt(useParams().clientId);
  const trpc = useTRPC();
  const me = useMe();
  const admin = isAdminRole(me.role);
  const client = useQuery({ ...trpc.clients.get.queryOptions({ clientId: id ?? 0 }), enabled: id !== undefined });
  usePageTitle(client.data?.name ?? "Client");
  if (id === undefined) return <NotFoundPage />;
  return (
    <QueryView query={client} loading="Loading the client…">
      {(c) => (
        <section className="stack">
          <div className="page-head">
            <div>
              <p className="crumbs">
                <Link to="/clients">Clients</Link> /
              </p>
              <h1>{c.name}</h1>
            </div>
          </div>
          <ClientDetails client={c} admin={admin} />
          <section className="card" aria-labelledby="contacts-h">
            <h2 id="contacts-h">Contacts</h2>
            {c.contacts.length === 0 ? (
              <p className="muted">No contacts yet: a client needs an active contact before candidates can be shared with it.</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Status</th>
                    <th scope="col">Invited</th>
                    {admin && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {c.contacts.map((k) => (
                    <ContactRow key={k.id} contact={k} admin={admin} />
                  ))}
                </tbody>
              </table>
            )}
            {admin && <NewContact clientId={c.id} />}
          </section>
          <section className="card" aria-labelledby="openings-h">
            <h2 id="openings-h">Openings</h2>
            {c.openings.length === 0 ? (
              <p className="muted">No openings for this client yet (choose the client in an opening's job settings).</p>
            ) : (
              <ul>
                {c.openings.map((o) => (
                  <li key={o.id}>
                    <Link to={`/openings/${o.id}`}>{o.title}</Link> <span className="muted">({o.status})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </section>
      )}
    </QueryView>
  );
}

function ClientDetails({ client, admin }: { client: RouterOutputs["clients"]["get"]; admin: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(client.name);
  const [notes, setNotes] = useState(client.notes);
  useEffect(() => {
    setName(client.name);
    setNotes(client.notes);
  }, [client.name, client.notes]);
  const save = useMutation(
    trpc.clients.update.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries(trpc.clients.pathFilter());
        toast.success("Client saved");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <form
      className="card stack"
      aria-label="Client details"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ clientId: client.id, name, notes });
      }}
    >
      <div className="field">
        <label htmlFor="client-name">Name</label>
        <input id="client-name" value={name} onChange={(e) => setName(e.target.value)} readOnly={!admin} required maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor="client-notes">Notes</label>
        <textarea id="client-notes" value={notes} onChange={(e) => setNotes(e.target.value)} readOnly={!admin} rows={4} maxLength={10_000} />
      </div>
      {admin && (
        <div>
          <button type="submit" className="button" disabled={save.isPending || (name === client.name && notes === client.notes)}>
            Save
          </button>
        </div>
      )}
    </form>
  );
}

function ContactRow({ contact, admin }: { contact: Contact; admin: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(contact.name);
  const [email, setEmail] = useState(contact.email);
  const refresh = () => void qc.invalidateQueries(trpc.clients.pathFilter());
  const update = useMutation(
    trpc.clients.updateContact.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const invite = useMutation(
    trpc.clients.inviteContact.mutationOptions({
      onSuccess: () => {
        refresh();
        toast.success(`Invitation sent to ${contact.email}`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <tr data-contact={contact.email}>
      <td>{editing ? <input aria-label="Contact name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} /> : contact.name}</td>
      <td>{editing ? <input aria-label="Contact email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={320} /> : contact.email}</td>
      <td>{contact.active ? <span className="badge badge-ok">Active</span> : <span className="badge">Deactivated</span>}</td>
      <td>{contact.invitedAt ? formatDateTime(contact.invitedAt) : <span className="muted">Not yet</span>}</td>
      {admin && (
        <td className="row-actions">
          {editing ? (
            <>
              <button type="button" className="button-small" onClick={() => update.mutate({ contactId: contact.id, name, email })} disabled={update.isPending}>
                Save
              </button>{" "}
              <button type="button" className="link-button" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button-small" onClick={() => setEditing(true)} aria-label={`Edit: ${contact.name}`}>
                Edit
              </button>{" "}
              {contact.active && (
                <button type="button" className="button-small" onClick={() => invite.mutate({ contactId: contact.id })} disabled={invite.isPending} aria-label={`${contact.invitedAt ? "Invite again" : "Invite"}: ${contact.name}`}>
                  {contact.invitedAt ? "Invite again" : "Invite"}
                </button>
              )}{" "}
              <button type="button" className="button-small button-quiet" onClick={() => update.mutate({ contactId: contact.id, active: !contact.active })} aria-label={`${contact.active ? "Deactivate" : "Activate"}: ${contact.name}`}>
                {contact.active ? "Deactivate" : "Activate"}
              </button>
            </>
          )}
        </td>
      )}
    </tr>
  );
}

function NewContact({ clientId }: { clientId: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const create = useMutation(
    trpc.clients.createContact.mutationOptions({
      onSuccess: () => {
        setName("");
        setEmail("");
        void qc.invalidateQueries(trpc.clients.pathFilter());
        toast.success("Contact added");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <form
      className="inline-form"
      aria-label="Add a contact"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ clientId, name, email });
      }}
    >
      <label className="field field-inline">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field field-inline">
        <span>Email</span>
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={320} />
      </label>
      <button type="submit" className="button" disabled={create.isPending}>
        Add contact
      </button>
    </form>
  );
}
