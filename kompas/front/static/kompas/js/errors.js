// A form sent back with errors: focus its summary, so that the reader starts where the fixing
// does (the summary links each error to its field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
