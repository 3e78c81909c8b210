"""What a page offers a reader who does not see it the way its author did
(a helper of tests/test_browser.py and tests/test_pdf.py, not a test module).

``audit`` runs in a page that ``page_weight.visit`` has loaded, once its
own checks are done:

- axe-core (the copy that the pinned ``axe-playwright-python`` ships, so
  nothing is fetched) with the WCAG 2.0/2.1 A and AA rules, on the page as
  it loads (the light palette) and then, for the rules that depend on
  colour, on the dark palette (English pages: a Chinese page has the same
  code and colours);
- the page's text as the browser renders it (code, math and diagrams left
  out), which ``cjk_gaps`` searches for a space between two Chinese
  characters.

``audit`` changes the page (the palette, the text it reads): the visit
leaves it right after.  ``pdf_cjk_gaps`` looks for the same spaces in the
printed book.
"""

from __future__ import annotations

import re
from collections import Counter

from axe_playwright_python.base import AXE_SCRIPT

from bookkit.cjk import CJK_CHARS

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Those axe calls "serious" and "critical": the ones that fail a test.
FAILING = ("serious", "critical")
# The rules that depend on the palette, run again on the dark one.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

_AXE_RUN = """async ([options]) => {
  const r = await axe.run(document, options);
  return r.violations.map(v => ({
    rule: v.id, impact: v.impact,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), impact: n.impact,
                              summary: (n.failureSummary || "").slice(0, 300)})),
  }));
}"""

# Material's dark palette, as its palette toggle sets it, at once (axe must
# not read the colours halfway through Material's transitions).
_DARK = """() => {
  const still = document.createElement("style");
  still.textContent = "*, *::before, *::after { transition: none !important; " +
                      "animation: none !important; }";
  document.head.append(still);
  for (const e of [document.body, document.documentElement])
    e.setAttribute("data-md-color-scheme", "slate");
  return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}"""

# The rendered text of each block of prose in the page's article (a
# paragraph, a list item, a table cell, a heading...), one a line, with code,
# math and diagrams each put back as one "□" (so the spaces around them stay
# as they were).  Block by block: Material shows a table as an inline-block,
# which the article's innerText would join to the text around it by a space.
RENDERED_TEXT = """() => {
  const article = document.querySelector("article") || document.body;
  const skip = "pre, code, kbd, .katex, .arithmatex, svg, .jp-OutputArea";
  for (const e of [...article.querySelectorAll(skip)])
    if (e.isConnected && !e.parentElement.closest(skip)) e.replaceWith("\\u25a1");
  const prose = "p, li, td, th, dt, dd, h1, h2, h3, h4, h5, h6, figcaption, summary, " +
                ".admonition-title, blockquote";
  return [...article.querySelectorAll(prose)]
    .filter(e => !e.querySelector(prose))
    .map(e => e.innerText).join("\\n");
}"""

# A space (not a line break: blocks are one a line) between two CJK
# characters or CJK punctuation (not “ ” — …, which English shares: a space
# beside them may be meant, as in 把 “305” 变成).
_GAP = re.compile(f"[{CJK_CHARS}][ \u00a0]+(?=[{CJK_CHARS}])")


def cjk_gaps(text: str) -> list[str]:
    """Each space between two Chinese characters (or a Chinese character and
    Chinese punctuation) in ``text``, with a little of its context."""
    return [text[max(0, m.start() - 8):m.end() + 9] for m in _GAP.finditer(text)]


def pdf_cjk_gaps(glyphs) -> list[str]:
    """``cjk_gaps`` for a page of a PDF that chromium printed (``pdfread.
    page_glyphs``), with a little context, code (a monospaced font) left out.

    Chromium places a piece of a line once (Tm) and draws its glyphs one
    after the other, switching fonts as it goes: a space in Chinese text is
    drawn in the Latin font.  A formula between two Chinese characters looks
    the same in the order of drawing (KaTeX's glyphs come later), but the
    text after it is placed anew."""
    runs: list[list] = []   # [x, y, size, font, text]
    for g in glyphs:
        if runs and runs[-1][:4] == [g.x, g.y, g.size, g.font]:
            runs[-1][4] += g.text
        else:
            runs.append([g.x, g.y, g.size, g.font, g.text])
    found = []
    for i, (x, y, size, font, text) in enumerate(runs):
        if "Mono" in font:
            continue
        found += cjk_gaps(text)
        if 0 < i < len(runs) - 1 and text.strip(" \u00a0") == "":
            before, after = runs[i - 1], runs[i + 1]
            if ("Mono" not in before[3] + after[3] and before[1] == y == after[1]
                    and before[0] == x == after[0]
                    and cjk_gaps(before[4][-1:] + text + after[4][:1])):
                found.append(before[4][-8:] + text + after[4][:8])
    return found


# Most of axe's time on our pages goes to its colour rules, and most of
# theirs to parsing CSS colour strings: for every element with text, the
# computed colour of each element under it is parsed again (axe's ``Color.
# parseString``, through colorjs.io), though a page uses a few dozen distinct
# strings.  Parsing is a pure function of the string, so each page keeps the
# channels that a string parses to (on the page's own ``axe``, gone with the
# page) and sets them again: the same colours, ratios and results, in about
# 60% of the time (test_browser.py compares the results with and without).
# A string that fails to parse still fails the way axe reports it.  Should
# a later axe stop having this method, the audit fails here.
_REMEMBER_COLOURS = """() => {
  const Color = axe.commons.color.Color, parse = Color.prototype.parseString;
  if (typeof parse !== "function")
    throw new Error("axe.commons.color.Color.prototype.parseString is gone: a11y.py");
  const known = new Map();
  Color.prototype.parseString = Object.assign(function (text) {
    const rgba = known.get(text);
    if (rgba === undefined) {
      parse.call(this, text);
      known.set(text, [this.r, this.g, this.b, this.alpha]);
    } else {
      [this.r, this.g, this.b, this.alpha] = rgba;
    }
    return this;
  }, {known});
}"""


async def load_axe(page, remember_colours: bool = True) -> None:
    """axe-core in ``page``, once (with ``_REMEMBER_COLOURS``)."""
    if not await page.evaluate("() => typeof axe !== 'undefined'"):
        await page.evaluate(AXE_SCRIPT)
        if remember_colours:
            await page.evaluate(_REMEMBER_COLOURS)


async def axe(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations on ``page``: the WCAG A/AA rules, or ``rules``."""
    await load_axe(page)
    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    else:
        options["runOnly"] = {"type": "tag", "values": WCAG}
    return await page.evaluate(_AXE_RUN, [options])


async def audit(page) -> dict:
    """Everything above, for one loaded page.  The dark palette is checked on
    the English pages only: a Chinese page has the same code, the same
    stylesheet and the same colours as its English twin, and the colour rules
    are the slowest of axe's (about half the audit's time on 2 cores)."""
    found = await axe(page)
    if "/en/" in page.url:
        await page.evaluate(_DARK)
        for v in await axe(page, COLOUR_RULES):
            v["rule"] += " (dark)"
            found.append(v)
    return {"axe": found, "text": await page.evaluate(RENDERED_TEXT)}


def failing(violations: list[dict]) -> list[str]:
    """One line per element that breaks a serious or critical rule."""
    return [f"{v['rule']} ({n['impact'] or v['impact']}): {n['target']}: "
            f"{n['summary'].splitlines()[-1].strip() if n['summary'] else ''}"
            for v in violations for n in v["nodes"]
            if (n["impact"] or v["impact"]) in FAILING]


def count_by_rule(audits: dict[str, dict]) -> Counter:
    """(rule, impact) -> the number of elements that break it, on all pages."""
    return Counter((v["rule"], n["impact"] or v["impact"])
                   for a in audits.values() for v in a["axe"] for n in v["nodes"])
