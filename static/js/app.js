// The few controls that need script, wired here because the Content-Security-Policy
// (script-src 'self') refuses inline handlers such as onchange="…".
"use strict";

// A select that applies its choice at once (language, weight profile); <noscript> keeps a button.
for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.submit());
}

for (const button of document.querySelectorAll("button[data-print]")) {
  button.addEventListener("click", () => window.print());
}
