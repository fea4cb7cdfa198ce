import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App, AppProviders } from "./app";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
createRoot(root).render(
  <StrictMode>
    <AppProviders>
      <BrowserRouter basename="/app">
        <App />
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
);
