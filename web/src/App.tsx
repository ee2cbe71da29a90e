import { lazy, StrictMode, Suspense, type ReactNode } from "react";
import { createBrowserRouter, RouterProvider } from "react-router-dom";
import { Dashboard } from "./hosts/Dashboard";
import { Layout } from "./ui/Layout";
import { NotFound } from "./ui/NotFound";

// Pages past the dashboard load on demand: CodeMirror and uPlot stay out of the first download.
const HostForm = lazy(() => import("./hosts/HostForm"));
const HostHistory = lazy(() => import("./hosts/HostHistory"));
const RunPage = lazy(() => import("./runs/RunPage"));

const page = (element: ReactNode) => <Suspense fallback={<p aria-busy="true">Loading…</p>}>{element}</Suspense>;

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/", element: <Dashboard /> },
      { path: "/hosts/new", element: page(<HostForm />) },
      { path: "/hosts/:id/edit", element: page(<HostForm />) },
      { path: "/hosts/:id", element: page(<HostHistory />) },
      { path: "/runs/:id", element: page(<RunPage />) },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

export function App() {
  return (
    <StrictMode>
      <RouterProvider router={router} />
    </StrictMode>
  );
}
