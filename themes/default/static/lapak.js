/* Lapak: put the buyer's choices and the matching price into the WhatsApp order message.
   Without this script the order button still works, with a message that asks for the choice. */
(function () {
  var form = document.getElementById("order");
  var wa = document.getElementById("wa");
  var price = document.getElementById("price");
  if (!form || !wa || !form.dataset.template) return;
  var basePrice = price ? price.textContent : "";

  function update() {
    var parts = [], amount = basePrice;
    var v = form.querySelector("input[name=variant]:checked");
    if (v) { parts.push(v.value); amount = v.dataset.price; }
    form.querySelectorAll("select[data-option]").forEach(function (s) {
      if (s.value) parts.push(s.dataset.option + ": " + s.value);
    });
    var complete = !form.querySelector("input[name=variant]") || v;
    form.querySelectorAll("select[data-option]").forEach(function (s) { if (!s.value) complete = false; });
    var choice = parts.join(", ");
    if (!complete) choice = choice ? choice + ", " + form.dataset.none : form.dataset.none;
    var text = form.dataset.template.split("\n").filter(function (line) {
      return line.indexOf("{variant}") < 0 || choice;
    }).join("\n").split("{variant}").join(choice).split("{price}").join(amount);
    wa.href = "https://wa.me/" + form.dataset.phone + "?text=" + encodeURIComponent(text);
    if (price) price.textContent = amount;
  }
  form.addEventListener("change", update);
  update();
})();
