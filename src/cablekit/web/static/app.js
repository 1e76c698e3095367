// Tooltips for glossed tokens: the meaning (data-meaning) shown beside the token on hover or focus.
(function () {
  const tip = document.getElementById("tooltip");
  if (!tip) return;
  const selector = "[data-meaning]";
  function show(el) {
    tip.textContent = el.dataset.meaning;
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
  }
  function hide() { tip.hidden = true; }
  document.querySelectorAll(selector).forEach(function (el) {
    el.removeAttribute("title");  // the script's tooltip replaces the browser's
    el.addEventListener("mouseenter", function () { show(el); });
    el.addEventListener("focus", function () { show(el); });
    el.addEventListener("mouseleave", hide);
    el.addEventListener("blur", hide);
  });
})();
