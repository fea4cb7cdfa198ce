import { Link } from "react-router";
import { usePageTitle } from "../lib/page-title";

export function NotFoundPage() {
  usePageTitle("Not found");
  return (
    <section>
      <h1>Nothing here</h1>
      <p>
        This address does not match any page. Go to the <Link to="/">dashboard</Link>.
      </p>
    </section>
  );
}
