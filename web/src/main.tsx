import "./styles.css";

// Loaded in two steps so the browser evaluates React DOM and the app in separate, shorter tasks.
async function start() {
  const { createRoot } = await import("react-dom/client");
  const { App } = await import("./App");
  createRoot(document.getElementById("root")!).render(<App />);
}

void start();
