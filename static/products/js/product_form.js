// Product form: "add a SKU" copies the empty row of the formset template.
document.querySelector("[data-add-sku]")?.addEventListener("click", () => {
  const total = document.getElementById("id_skus-TOTAL_FORMS");
  const html = document.getElementById("sku-row-template").innerHTML.replaceAll("__prefix__", total.value);
  document.querySelector("[data-sku-rows]").insertAdjacentHTML("beforeend", html);
  total.value = Number(total.value) + 1;
});
