// Regenerates src/api/schema.d.ts from a running server's OpenAPI document.
// Usage: npm run gen:api -- [url]   (default http://127.0.0.1:8080/openapi/v1.json; start it with ./scripts/run.sh)
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const url = process.argv[2] ?? process.env.VETTING_OPENAPI_URL ?? "http://127.0.0.1:8080/openapi/v1.json";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src", "api", "schema.d.ts");
try {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
} catch (error) {
  console.error(`cannot read ${url}: ${error.message}\nstart the server first (./scripts/run.sh) or pass the URL of one.`);
  process.exit(2);
}
execFileSync(join(root, "node_modules", ".bin", "openapi-typescript"), [url, "-o", out], { stdio: "inherit" });
console.log(`wrote ${out}`);
