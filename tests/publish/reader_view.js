// What a reader sees in each drawn chart of a page: problems as short strings, one per defect.
// Run in the page after every chart has drawn; returns {charts, problems, pageScroll}.
() => {
  const problems = [];
  const box = (el) => el.getBoundingClientRect();
  const inside = (a, b, tol = 1) =>
    a.left >= b.left - tol && a.right <= b.right + tol && a.top >= b.top - tol && a.bottom <= b.bottom + tol;
  // Glyph boxes include line spacing: two texts collide when they share more than a third of the lower one's height.
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > Math.min(a.height, b.height) / 3;
  const figures = [...document.querySelectorAll("figure.mb-chart")];
  figures.forEach((fig, i) => {
    const name = `chart ${i + 1} (${fig.id})`;
    // The drawing shown: the live view, or the static drawing for the column's width (the others are hidden).
    const svg = [...fig.querySelectorAll(".mb-vega svg.marks")].find((s) => s.getBoundingClientRect().width > 0);
    if (!svg) { problems.push(`${name}: not drawn`); return; }
    const column = fig.parentElement.getBoundingClientRect();
    const frame = box(svg);
    if (frame.width > column.width + 1) problems.push(`${name}: ${Math.round(frame.width)} px wide in a ${Math.round(column.width)} px column`);
    if (fig.scrollWidth > fig.clientWidth + 1) problems.push(`${name}: scrolls sideways`);
    // Data marks: every bar, cell, point and area has a visible size (a rule of zero length is a single value,
    // drawn by its point).
    svg.querySelectorAll("g.role-mark.mark-rect path, g.role-mark.mark-symbol path, g.role-mark.mark-area path").forEach((m) => {
      const b = box(m);
      if ((b.width < 0.5 || b.height < 0.5) && m.getAttribute("opacity") !== "0") {
        problems.push(`${name}: a data mark has no size (${m.closest("g[class^=mark]").getAttribute("class")})`);
      }
    });
    const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim() && getComputedStyle(t).visibility !== "hidden"
      && t.getAttribute("opacity") !== "0" && !t.closest("g.role-tooltip"));
    texts.forEach((t) => {
      const b = box(t);
      if (!inside(b, frame)) problems.push(`${name}: text outside the chart: "${t.textContent}"`);
      if (t.textContent.trim().endsWith("…")) problems.push(`${name}: text cut short: "${t.textContent}"`);
    });
    for (let a = 0; a < texts.length; a++) {
      for (let b = a + 1; b < texts.length; b++) {
        if (overlap(box(texts[a]), box(texts[b]))) {
          problems.push(`${name}: "${texts[a].textContent}" overlaps "${texts[b].textContent}"`);
        }
      }
    }
  });
  const scroll = document.documentElement.scrollWidth - window.innerWidth;
  if (scroll > 1) problems.push(`page scrolls sideways by ${scroll} px`);
  return { charts: figures.length, problems };
}
