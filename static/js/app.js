// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen readers announce the errors.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
});
