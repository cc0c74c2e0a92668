// Builds the front end into scapi_widget/static/ (not committed):
// widget.js (the anywidget module, bundled), widget.css, scapi-client.js (its method table
// generated from scapi_widget/spec/requests.json), demo-app/.
import { build } from "esbuild";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { clientSource } from "./client/build-client.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "scapi_widget", "static");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(root, "js", "widget.js")],
  bundle: true,
  format: "esm",
  target: "es2020",
  outfile: join(out, "widget.js"),
  logLevel: "warning",
});
cpSync(join(root, "js", "widget.css"), join(out, "widget.css"));
const client = clientSource();
writeFileSync(join(out, "scapi-client.js"), client);
cpSync(join(root, "js", "demo-app"), join(out, "demo-app"), { recursive: true });
writeFileSync(join(out, "demo-app", "scapi-client.js"), client);
console.log("built", out);
