import { Link, NavLink, Outlet } from "react-router-dom";
import { OfflineBanner } from "./Banner";

export function Layout() {
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Vetting
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Hosts
          </NavLink>
          <NavLink to="/hosts/new">Register host</NavLink>
          {/* Elsa Studio has a page of its own (its CSS is global), so this is a plain link, not a client route. */}
          <a href="/studio/">Workflow designer</a>
        </nav>
      </header>
      <OfflineBanner />
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}
