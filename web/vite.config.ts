import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { precompress } from "./scripts/precompress.ts";
import { elsaStudio } from "./scripts/studio.ts";

// Output goes to web/dist; Vetting.Server copies it to wwwroot/ beside the binary (see Vetting.Server/Web/WebUi.cs).
export default defineConfig({
  // precompress() runs first and sees only the dashboard; elsaStudio() then adds the already-compressed Studio.
  plugins: [react(), precompress(), elsaStudio()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/openapi": "http://127.0.0.1:8080", "/elsa": "http://127.0.0.1:8080", "/studio": "http://127.0.0.1:8080" },
  },
});
