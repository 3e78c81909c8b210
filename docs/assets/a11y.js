/* What Material's own scripts leave out for a reader who uses a keyboard or
   a screen reader:

   - a name for each code annotation's marker (Material draws a bare "+"
     link): "注释 1" on a Chinese page, "Annotation 1" on an English one;
   - a keyboard stop on each code block, table or notebook cell that scrolls
     sideways, so that it can be scrolled without a mouse.

   Material draws the annotations after the page has loaded, so this script
   looks again whenever the page changes, once per frame at most.  The
   browser tests run axe-core on every page (tests/a11y.py). */
(() => {
  const zh = document.documentElement.lang.startsWith("zh");
  const SCROLLERS = ".md-typeset pre > code, .md-typeset__scrollwrap, " +
                    ".highlight-ipynb, .jp-OutputArea-output, .jp-RenderedHTMLCommon";

  const name = () => {
    for (const a of document.querySelectorAll(".md-annotation__index:not([aria-label])")) {
      const id = a.querySelector("[data-md-annotation-id]");
      const n = id ? id.getAttribute("data-md-annotation-id") : "";
      a.setAttribute("aria-label", (zh ? "注释 " : "Annotation ") + n);
    }
  };
  const reach = () => {
    for (const e of document.querySelectorAll(SCROLLERS)) {
      const scrolls = e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
      const style = scrolls && getComputedStyle(e);
      if (scrolls && /auto|scroll/.test(style.overflowX + style.overflowY)
          && !e.hasAttribute("tabindex")) {
        e.tabIndex = 0;
      }
    }
  };

  let queued = false;
  const look = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      name();
      reach();
    });
  };
  new MutationObserver(look).observe(document.body, {childList: true, subtree: true});
  addEventListener("resize", look);
  look();
})();
