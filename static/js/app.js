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

// On a phone the area tabs scroll sideways in their own strip: bring the current one into view,
// without moving the page (scrollIntoView would, and would undo a jump to #indicator-…).
for (const strip of document.querySelectorAll(".area-nav")) {
  const current = strip.querySelector(".active");
  if (current && strip.scrollWidth > strip.clientWidth) {
    const shown = strip.getBoundingClientRect();
    const tab = current.getBoundingClientRect();
    strip.scrollLeft += tab.left - shown.left - (shown.width - tab.width) / 2;
  }
}

// The error summary (GOV.UK pattern) takes the focus when the page opens, so that a screen reader
// reads it first; each of its links moves the focus to the field it names.
const errorSummary = document.querySelector("[data-error-summary]");
if (errorSummary) {
  errorSummary.focus();
}
for (const link of document.querySelectorAll("[data-error-summary] a[href^='#'], [data-focus-link]")) {
  link.addEventListener("click", (event) => {
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    event.preventDefault();
    // The field's label or legend, or the indicator's heading, is what the reader needs to see.
    const shown = target.closest("fieldset, .mb-3, .indicator") || target;
    shown.scrollIntoView({ block: "start" });
    const focusable = target.matches("input, select, textarea, button, a[href]")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    (focusable || target).focus({ preventScroll: true });
    history.replaceState(null, "", link.hash);
  });
}
