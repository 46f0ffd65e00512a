// Product form: SKU rows, the specification editor (规格) and batch fill.
const form = document.querySelector("[data-product-form]");
const rows = document.querySelector("[data-sku-rows]");
const total = document.getElementById("id_skus-TOTAL_FORMS");
const dimensionsInput = document.getElementById("id_spec_dimensions");
const dimensionsBox = document.querySelector("[data-dimensions]");

function addRow(spec) {
  const html = document.getElementById("sku-row-template").innerHTML.replaceAll("__prefix__", total.value);
  rows.insertAdjacentHTML("beforeend", html);
  total.value = Number(total.value) + 1;
  const row = rows.lastElementChild;
  if (spec !== undefined) row.querySelector("[name$='-spec']").value = spec;
  return row;
}

document.querySelector("[data-add-sku]")?.addEventListener("click", () => addRow());

// Specifications: up to three dimensions, each a name and comma-separated values.
function addDimension(name = "", values = []) {
  if (dimensionsBox.querySelectorAll("[data-dimension]").length >= 3) return;
  dimensionsBox.insertAdjacentHTML("beforeend", document.getElementById("dimension-template").innerHTML);
  const dimension = dimensionsBox.lastElementChild;
  dimension.querySelector("[data-dimension-name]").value = name;
  dimension.querySelector("[data-dimension-values]").value = values.join(", ");
}

function readDimensions() {
  return [...dimensionsBox.querySelectorAll("[data-dimension]")]
    .map((dimension) => ({
      name: dimension.querySelector("[data-dimension-name]").value.trim(),
      values: [...new Set(dimension.querySelector("[data-dimension-values]").value.split(/[,，、;；]/).map((value) => value.trim()).filter(Boolean))],
    }))
    .filter((dimension) => dimension.name || dimension.values.length);
}

function combinations(dimensions) {
  return dimensions.reduce(
    (specs, dimension) => specs.flatMap((spec) => dimension.values.map((value) => (spec ? `${spec} / ${value}` : value))),
    [""],
  );
}

// One row per combination, in their order; a row already there keeps what was typed in it.
// Rows of other specifications are marked deleted and hidden (the formset skips them; a
// removed row would leave a gap in its numbering).
function makeTable() {
  const dimensions = readDimensions();
  dimensionsInput.value = dimensions.length ? JSON.stringify(dimensions) : "";
  if (!dimensions.length || dimensions.some((dimension) => !dimension.values.length)) return;
  const bySpec = new Map();
  [...rows.querySelectorAll("tr")].forEach((row) => {
    const spec = row.querySelector("[name$='-spec']");
    if (spec) bySpec.set(spec.value.trim(), row);
  });
  const wanted = combinations(dimensions);
  bySpec.forEach((row, spec) => {
    if (wanted.includes(spec)) return;
    row.querySelector("[name$='-DELETE']").checked = true;
    row.classList.add("sku-removed");
  });
  wanted.forEach((spec) => {
    const row = bySpec.get(spec) || addRow(spec);
    row.classList.remove("sku-removed");
    const remove = row.querySelector("[name$='-DELETE']");
    if (remove) remove.checked = false;
    row.querySelector("[name$='-spec']").readOnly = true;
    rows.appendChild(row);
  });
}

if (dimensionsBox) {
  try {
    (JSON.parse(dimensionsInput.value || "null") || []).forEach((dimension) => addDimension(dimension.name, dimension.values));
  } catch (error) {
    dimensionsInput.value = "";
  }
  rows.querySelectorAll("[name$='-spec']").forEach((input) => {
    if (dimensionsInput.value) input.readOnly = true;
  });
  document.querySelector("[data-add-dimension]").addEventListener("click", () => addDimension());
  dimensionsBox.addEventListener("click", (event) => {
    if (!event.target.closest("[data-remove-dimension]")) return;
    event.target.closest("[data-dimension]").remove();
    if (!readDimensions().length) {
      dimensionsInput.value = "";
      rows.querySelectorAll("[name$='-spec']").forEach((input) => (input.readOnly = false));
    }
  });
  document.querySelector("[data-generate-skus]").addEventListener("click", makeTable);
  form.addEventListener("submit", () => {
    if (readDimensions().length) makeTable();
    else dimensionsInput.value = "";
  });
}

// Batch fill: the values given go into every SKU still in the table.
document.querySelector("[data-batch-apply]")?.addEventListener("click", () => {
  document.querySelectorAll("[data-batch]").forEach((input) => {
    const value = input.value.trim();
    if (!value) return;
    rows.querySelectorAll(`tr:not(.sku-removed) [name$='-${input.dataset.batch}']`).forEach((cell) => {
      cell.value = value;
    });
  });
});
