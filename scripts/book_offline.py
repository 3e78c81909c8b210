"""Zip one language's offline copy of the book (``make offline``).

    python scripts/book_offline.py SITE OUT.zip

SITE is an offline build of one language::

    DLBOOK_OFFLINE=true DLBOOK_LANG=en mkdocs build --strict -d SITE

(Material's offline plugin and ``hooks/offline.py``): that language alone
at the root, every link ending in ``.html``, the search index loaded as a
script, so the copy works from disk with no server.  Each language is a
build of its own because a reader who unzips the English copy should find
the English book at ``index.html``, and no link to pages the zip lacks.

The zip holds the site in one folder named after the zip
(``dlbook-en-offline/index.html``).  The JSON search index is left out: from
disk the pages read ``search/search_index.js``; so are the theme's source
maps.  Entries are sorted and
dated 1980, so the same site gives the same zip.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

SCRIPT_INDEX = "search/search_index.js"
LEFT_OUT = {"search/search_index.json"}  # unused from disk
LEFT_OUT_SUFFIXES = (".map",)  # source maps of the theme's scripts: for its developers


def site_files(site: Path) -> list[str]:
    """The files of an offline build, relative to it, sorted."""
    for needed in ("index.html", SCRIPT_INDEX):
        if not (site / needed).is_file():
            raise SystemExit(f"book_offline.py: expected {site / needed}, found none: build "
                             f"with DLBOOK_OFFLINE=true DLBOOK_LANG=<zh|en> mkdocs build -d {site}")
    if (site / "print_page").exists():
        raise SystemExit(f"book_offline.py: {site} is a print build (DLBOOK_PRINT=true); "
                         "build the offline copy without it")
    files = (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return sorted(f for f in files if f not in LEFT_OUT and not f.endswith(LEFT_OUT_SUFFIXES))


def write_zip(site: Path, out: Path) -> int:
    """Zip ``site`` into ``out`` under the folder ``out.stem``; returns the file count."""
    files = site_files(site)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in files:
            info = zipfile.ZipInfo(f"{out.stem}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, (site / name).read_bytes())
    tmp.replace(out)
    return len(files)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="an offline build of one language")
    ap.add_argument("out", type=Path, help="the zip to write")
    args = ap.parse_args()
    count = write_zip(args.site, args.out)
    print(f"{args.out}: {count} files, {args.out.stat().st_size / 2**20:.1f} MiB",
          file=sys.stderr)


if __name__ == "__main__":
    main()
