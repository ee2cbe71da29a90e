import { cpSync, existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import type { Plugin } from "vite";

/**
 * Ships Elsa Studio beside the dashboard: copies the pinned @elsa-workflows/elsa-studio-wasm package (installed by
 * `npm ci`, never committed) into dist/studio/, without its source maps, its sample index.html (stale tag names, web
 * fonts from the internet) and its appsettings.json, then adds our own host page from web/studio/. The package
 * already carries a .br and a .gz of every asset, which the server sends with Content-Encoding.
 */
export function elsaStudio(): Plugin {
  let outDir = "dist";
  return {
    name: "vetting-elsa-studio",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const require = createRequire(import.meta.url);
      const manifest = require.resolve("@elsa-workflows/elsa-studio-wasm/package.json");
      const version = JSON.parse(readFileSync(manifest, "utf8")).version;
      if (version !== "3.8.2") {
        throw new Error(`Elsa Studio ${version} is installed; the server's Elsa API is written for 3.8.2 (docs/adr/0002-elsa-studio.md)`);
      }
      const packageDir = dirname(manifest);
      const target = join(outDir, "studio");
      const skipped = new Set(["index.html", "appsettings.json", "package.json"]);
      for (const name of readdirSync(packageDir)) {
        if (skipped.has(name)) continue;
        cpSync(join(packageDir, name), join(target, name), {
          recursive: true,
          filter: (source) => !/\.map(\.br|\.gz)?$/.test(source),
        });
      }
      const hostPage = join(dirname(outDir), "studio");
      if (!existsSync(join(hostPage, "index.html"))) throw new Error(`no host page at ${hostPage}/index.html`);
      cpSync(hostPage, target, { recursive: true });
    },
  };
}
