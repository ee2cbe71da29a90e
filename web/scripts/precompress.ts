import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

const compressible = /\.(js|css|html|svg|json|txt|map)$/;

/** Writes name.br and name.gz beside every compressible file of the build, so the server never compresses at request time. */
export function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "vetting-precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      // Elsa Studio (dist/studio, added by scripts/studio.ts) ships its own .br and .gz files.
      for (const file of walk(outDir, join(outDir, "studio"))) {
        if (!compressible.test(file)) continue;
        const body = readFileSync(file);
        if (body.length < 512) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

function* walk(dir: string, skip: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === skip) continue;
    if (statSync(path).isDirectory()) yield* walk(path, skip);
    else yield path;
  }
}
