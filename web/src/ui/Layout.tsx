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
        </nav>
      </header>
      <OfflineBanner />
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}
