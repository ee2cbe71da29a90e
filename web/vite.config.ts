import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { precompress } from "./scripts/precompress.ts";

// Output goes to web/dist; Vetting.Server copies it to wwwroot/ beside the binary (see Vetting.Server/Web/WebUi.cs).
export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/openapi": "http://127.0.0.1:8080" },
  },
});
