// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen readers announce the errors.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();

  // The menu collapses behind a button on narrow screens (CSS decides when).
  const nav = document.querySelector(".site-nav");
  const toggle = nav && nav.querySelector(".site-nav__toggle");
  if (toggle) {
    nav.classList.add("site-nav--collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
    });
  }

  // A table that scrolls sideways inside .table-wrap gets a name and keyboard focus,
  // so the region can be found and scrolled without a mouse. Templates may set these
  // themselves; this fills in the ones that did not, for tables wider than the screen.
  document.querySelectorAll(".table-wrap").forEach((wrap, index) => {
    if (wrap.hasAttribute("aria-labelledby") || wrap.hasAttribute("aria-label")) return;
    if (wrap.scrollWidth <= wrap.clientWidth) return;
    const caption = wrap.querySelector("caption");
    if (!caption) return;
    if (!caption.id) caption.id = `table-caption-${index + 1}`;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-labelledby", caption.id);
    wrap.tabIndex = 0;
  });
});
