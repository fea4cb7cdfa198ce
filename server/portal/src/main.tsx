import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { PortalApp, PortalProviders, slugFromPath } from "./app";
import "./portal.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
const slug = slugFromPath(window.location.pathname);
createRoot(root).render(
  <StrictMode>
    <PortalProviders>
      <BrowserRouter basename={`/portal/${encodeURIComponent(slug)}`}>
        <PortalApp slug={slug} />
      </BrowserRouter>
    </PortalProviders>
  </StrictMode>,
);
