// The council report page polls its state while the report is queued or rendering.
// The sentence is in a role="status" live region, so the change is announced once;
// the page works without this file (it shows an "Oppdater siden" link).
document.addEventListener("DOMContentLoaded", () => {
  const state = document.getElementById("report-state");
  const url = state && state.dataset.pollUrl;
  if (!url) return;
  const text = document.getElementById("report-status-text");
  const panel = document.getElementById("report-panel");
  let delay = 2000;
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const data = await response.json();
        if (text.textContent.trim() !== data.message) text.textContent = data.message;
        if (!data.pending) {
          panel.innerHTML = data.panel;
          return;
        }
      }
    } catch (error) {
      // A network hiccup: keep polling, a little slower.
    }
    delay = Math.min(delay * 1.5, 15000);
    window.setTimeout(poll, delay);
  };
  window.setTimeout(poll, delay);
});
