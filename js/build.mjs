// Builds the front end into scapi_widget/static/ (not committed):
// widget.js (the anywidget module, bundled), widget.css, scapi-client.js, demo-app/.
import { build } from "esbuild";
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
cpSync(join(root, "js", "client", "scapi-client.js"), join(out, "scapi-client.js"));
cpSync(join(root, "js", "demo-app"), join(out, "demo-app"), { recursive: true });
cpSync(join(root, "js", "client", "scapi-client.js"), join(out, "demo-app", "scapi-client.js"));
console.log("built", out);
