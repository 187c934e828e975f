// Makes the charts of the page live. Each figure arrives drawn (an SVG rendered when the book was built, at the width
// the column shows, with the book's fonts); this script, deferred and small, loads the vega bundle only when a chart
// is used or comes into view, draws the live view beside the static one at the same width, hidden, and swaps the two
// in one step once it is drawn: no flash, no shift. Controls (the what-if sliders) are drawn at build time as vega
// draws them; a control moved before the live view is there is applied to it as soon as it is.
(function () {
  var script = document.currentScript;
  var bundleSrc = script.src.replace(/charts\.js(\?.*)?$/, "vega-bundle.js");
  var lang = (document.documentElement.lang || "zh").indexOf("zh") === 0 ? "zh" : "en";
  var FACES = { zh: ["MB-Noto-Sans-SC"], en: ["MB-Noto-Sans"] }[lang];
  var bundle = null;
  var figures = [].slice.call(document.querySelectorAll("figure.mb-chart"));

  function loadBundle() {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        if (window.vegaEmbed) return resolve();
        var s = document.createElement("script");
        s.src = bundleSrc;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return bundle;
  }

  // The live view measures its text with the same fonts the static drawing was measured with.
  function fontsReady() {
    if (!document.fonts) return Promise.resolve();
    var loads = [];
    FACES.forEach(function (f) { loads.push(document.fonts.load("400 12px " + f), document.fonts.load("700 12px " + f)); });
    return Promise.all(loads).catch(function () {});
  }

  function live(fig) {
    if (fig.mbLive) return fig.mbLive;
    var el = fig.querySelector(".mb-vega");
    var drawn = el.querySelector(".mb-static");
    var staticControls = fig.querySelector(".mb-static-controls");
    fig.mbLive = Promise.all([loadBundle(), fontsReady()]).then(function () {
      var spec = JSON.parse(fig.querySelector("script.mb-spec").textContent);
      // Drawn into a child of .mb-vega: vega labels the element it draws into, and .mb-vega keeps role="img" with
      // the chart's alt text. Controls go after it, outside the image, where assistive technology reaches them.
      var view = el.appendChild(document.createElement("div"));
      view.className = "mb-live mb-pending";
      var controls = document.createElement("div");
      controls.className = "mb-controls";
      controls.hidden = true;
      (staticControls || el).parentNode.insertBefore(controls, (staticControls || el).nextSibling);
      return window.vegaEmbed(view, spec, { renderer: "svg", actions: false, bind: controls }).then(function (result) {
        if (staticControls) {
          [].slice.call(staticControls.querySelectorAll("[data-moved]")).forEach(function (moved) {
            var twin = controls.querySelector('[name="' + moved.name + '"]');
            if (!twin) return;
            twin.value = moved.value;
            twin.dispatchEvent(new Event(twin.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
          });
          staticControls.remove();
          controls.hidden = false;
        } else {
          controls.remove();
        }
        if (drawn) drawn.remove();
        view.classList.remove("mb-pending");
        fig.setAttribute("data-live", "");
        return result.view;
      });
    }).catch(function (e) {
      fig.setAttribute("data-live-error", String(e));
      console.error(e);
    });
    return fig.mbLive;
  }

  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1); };
  var seen = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        seen.unobserve(entry.target);
        idle(function () { live(entry.target); }, { timeout: 1000 });
      }
    });
  }, { rootMargin: "200px 0px" }) : null;

  figures.forEach(function (fig) {
    var go = function () { live(fig); };
    ["pointerenter", "focusin", "touchstart"].forEach(function (type) {
      fig.addEventListener(type, go, { once: true, passive: true });
    });
    var staticControls = fig.querySelector(".mb-static-controls");
    if (staticControls) {
      var moved = function (e) {
        e.target.setAttribute("data-moved", "");
        if (e.target.type === "range" && e.target.nextElementSibling) e.target.nextElementSibling.textContent = e.target.value;
        go();
      };
      staticControls.addEventListener("input", moved);
      staticControls.addEventListener("change", moved);
    }
  });

  // Charts with controls are made live at once (this deferred script runs when the page is parsed), so that the
  // controls respond as soon as possible; the others once the page has loaded, when they come into view.
  figures.forEach(function (fig) {
    if (fig.querySelector(".mb-static-controls")) live(fig);
  });
  function afterLoad() {
    figures.forEach(function (fig) {
      if (!fig.querySelector(".mb-static-controls") && seen) seen.observe(fig);
    });
  }
  if (document.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad);

  // Every chart live at once (used by tests and by whoever wants them all).
  window.mbCharts = { live: live, all: function () { return Promise.all(figures.map(live)); } };
})();
