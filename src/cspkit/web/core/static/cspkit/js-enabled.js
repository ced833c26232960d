// Lets GOV.UK Frontend style components for JavaScript before they start (no inline script under our CSP).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
