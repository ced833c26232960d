// Starts GOV.UK Frontend's components (menus, error summaries, details, buttons).
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();
