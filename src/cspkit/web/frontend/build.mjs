// Builds the web app's front-end files from the pinned npm packages (run by `npm run build`):
// compiles cspkit.scss (GOV.UK Frontend in Arial) and copies GOV.UK Frontend's and htmx's scripts
// into src/cspkit/web/core/static/vendor/, which is not committed.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..", "..");
const modules = join(root, "node_modules");
const vendor = join(here, "..", "core", "static", "vendor");

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

const css = sass.compile(join(here, "cspkit.scss"), { loadPaths: [modules], style: "compressed" });
mkdirSync(vendor, { recursive: true });
writeFileSync(join(vendor, "cspkit.css"), css.css);
copy(join(modules, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"), join(vendor, "govuk", "govuk-frontend.min.js"));
copy(join(modules, "htmx.org", "dist", "htmx.min.js"), join(vendor, "htmx", "htmx.min.js"));
console.log(`Front end built in ${vendor}`);
