// Draws every chart of the page from the JSON spec beside it, with the offline vega bundle. Loaded (deferred, after
// vega-bundle.js) only on pages that have charts, so it runs once the page is parsed and never blocks the first paint.
// The font stack follows the page's language: a CJK font first would make Latin punctuation full-width in English.
(function () {
  var FONTS = {
    zh: '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif',
    en: '"Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC", sans-serif'
  };
  var lang = (document.documentElement.lang || "zh").indexOf("zh") === 0 ? "zh" : "en";
  // The chart is drawn into a child of .mb-vega: vega labels the element it draws into ("Vega visualization"), and
  // .mb-vega keeps role="img" with the chart's alt text. Controls (sliders, menus) go after it, outside the image,
  // where assistive technology can reach them.
  document.querySelectorAll("figure.mb-chart").forEach(function (fig) {
    var el = fig.querySelector(".mb-vega");
    var spec = JSON.parse(fig.querySelector("script.mb-spec").textContent);
    if (!window.vegaEmbed) {
      el.textContent = el.getAttribute("data-missing");
      return;
    }
    var view = el.appendChild(document.createElement("div"));
    var controls = document.createElement("div");
    controls.className = "mb-controls";
    el.parentNode.insertBefore(controls, el.nextSibling);
    window.vegaEmbed(view, spec, { renderer: "svg", actions: false, bind: controls, config: { font: FONTS[lang] } })
      .catch(function (e) { el.textContent = String(e); console.error(e); });
  });
})();
