// Add and remove rows of a Django formset in the page (implementation-plan activities and
// funding). Without this file the form still works: an empty row is always there, "Lagre og
// legg til rader" gives another, and the "Fjern" checkbox deletes a row when saved.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-formset]").forEach((box) => {
    const prefix = box.dataset.formset;
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const body = box.querySelector("[data-formset-body]");
    const template = box.querySelector("template[data-formset-empty]");
    const addButton = box.querySelector("[data-formset-add]");
    const status = box.querySelector("[data-formset-status]");
    if (!total || !body || !template || !addButton) return;

    const announce = (text) => { status.textContent = text; };

    // The checkbox becomes a button: it ticks the box (the server deletes the row on save)
    // and hides the row; focus goes to the next row, or to the add button.
    const enhanceRow = (row) => {
      const holder = row.querySelector("[data-remove-checkbox]");
      const checkbox = holder && holder.querySelector("input[type=checkbox]");
      if (!checkbox || row.querySelector("[data-formset-remove]")) return;
      if (checkbox.checked) { row.hidden = true; return; }
      const label = holder.querySelector("label");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ds-button";
      button.dataset.variant = "tertiary";
      button.dataset.size = "sm";
      button.dataset.formsetRemove = "";
      label.childNodes.forEach((node) => button.append(node.cloneNode(true)));
      holder.hidden = true;
      holder.after(button);
      button.addEventListener("click", () => {
        checkbox.checked = true;
        row.hidden = true;
        const next = [...body.querySelectorAll("[data-formset-row]:not([hidden])")]
          .find((other) => row.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING);
        const target = next ? next.querySelector("input:not([type=hidden]), select") : addButton;
        target.focus();
        announce(box.dataset.removedText);
      });
    };

    body.querySelectorAll("[data-formset-row]").forEach(enhanceRow);

    addButton.closest(".formset-add").hidden = false;
    addButton.addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML
        .replaceAll("__prefix__", String(index))
        .replaceAll("__number__", String(index + 1));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const row = body.lastElementChild;
      enhanceRow(row);
      row.querySelector("input:not([type=hidden]), select").focus();
      announce(box.dataset.addedText.replace("__number__", String(index + 1)));
    });
  });
});
