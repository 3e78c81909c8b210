/* The search index (about 100 KB gzip, the largest file of a first visit)
   is fetched when the reader turns to search: pointing at or focusing the
   search box, or its keyboard shortcuts (which focus it), not on every page.

   Material requests "search/search_index.json" with XMLHttpRequest as soon
   as a page loads; this script, loaded before Material's, holds that one
   request back until then.  Anything else goes through untouched.  The
   browser test checks that no first visit fetches the index and that search
   still finds words (tests/test_browser.py). */
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  const held = [];
  let wanted = false;

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.dlbookSearchIndex = INDEX.test(String(url));
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.dlbookSearchIndex && !wanted) {
      held.push(() => send.apply(this, args));
      return undefined;
    }
    return send.apply(this, args);
  };

  const release = () => {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach((go) => go());
  };
  const onSearch = (event) => {
    const target = event.target;
    if (target instanceof Element && target.closest(".md-search, [for='__search']")) release();
  };
  document.addEventListener("pointerover", onSearch, { passive: true });
  document.addEventListener("focusin", onSearch);
  document.addEventListener("touchstart", onSearch, { passive: true });
  // a link from a search result (?h=...) or an open search (#__search)
  if (location.search.includes("h=") || location.hash === "#__search") release();
})();
