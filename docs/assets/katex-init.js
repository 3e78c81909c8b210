// Render the book's math with the KaTeX copy served by this site:
// pymdownx.arithmatex marks Markdown pages' math (\( \) and \[ \]), and
// notebook pages keep Jupyter's $ $ and $$ $$.
(function () {
  function render(selector, delimiters) {
    document.querySelectorAll(selector).forEach(function (el) {
      renderMathInElement(el, { delimiters: delimiters, throwOnError: false });
    });
  }
  function renderAll() {
    var brackets = [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ];
    render(".arithmatex", brackets);
    render(".jp-RenderedMarkdown", brackets.concat([
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
    ]));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
