// A page whose state a background job changes (data-reload-while-pending="ms") reloads
// itself until the job is done; without this file the page offers an "Oppdater siden" link.
document.addEventListener("DOMContentLoaded", () => {
  const state = document.querySelector("[data-reload-while-pending]");
  if (!state) return;
  const delay = Number(state.dataset.reloadWhilePending) || 3000;
  window.setTimeout(() => window.location.reload(), delay);
});
