"""The registry of the evidence explorer's pages, and the command that builds the site.

A page is what a generated part of the paper is (scripts.render.Part): a template,
a pure view (scripts.site_views) and the tidy data it takes; PAGES lists them all.
One process renders every page, copies the assets and the downloads, and swaps
the finished site into place, so a reader never browses half a site.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

from scripts import paths, site_views
from scripts.errors import entry_point
from scripts.render import DATA, Part, resolve
from scripts.templates import render_file
from scripts.textio import copy_file, read_json, write_text


def _paper(config: dict, names: dict) -> dict:
    return {"paper": config["paper"], **names}


# Every page of the site, by its path under build/site/ without .html.
PAGES: dict[str, Part] = {
    "index": Part("index.html.j2", site_views.index_view, ("codebook", "initiatives", "findings"), _paper),
    "initiative/{initiative}": Part(
        "initiative.html.j2", site_views.initiative_view, ("codebook", "record", "bibliography"), _paper
    ),
    "aspect/{aspect}": Part(
        "aspect.html.j2", site_views.aspect_view, ("codebook", "initiatives", "findings", "bibliography"), _paper
    ),
    "documents": Part(
        "documents.html.j2",
        site_views.documents_view,
        ("codebook", "initiatives", "bibliography", "findings"),
        _paper,
    ),
    "revisions": Part("revisions.html.j2", site_views.revisions_view, ("revisions",), _paper),
    "about": Part("about.html.j2", site_views.about_view, ("revisions", "verification"), _paper),
}
DOWNLOADS_FOLDER = "downloads"


def page_names(initiatives: list[str], aspects: list[str]) -> list[str]:
    names = []
    for pattern in PAGES:
        if "{initiative}" in pattern:
            names += [pattern.format(initiative=i) for i in initiatives]
        elif "{aspect}" in pattern:
            names += [pattern.format(aspect=a) for a in aspects]
        else:
            names.append(pattern)
    return names


def render_page(name: str, data: dict[str, Any], config: dict, downloads: list[str]) -> str:
    """The HTML of one page: its view on the data it takes, then its template."""
    part, names = resolve(name, PAGES)
    keywords = {key: data[DATA[key].format(**names)] for key in part.data}
    settings = {**part.settings(config, names), "downloads": downloads}
    context = part.view(**keywords, settings=settings)
    depth = name.count("/")
    # Every page's frame says which revision it shows, so a draft is never taken for the paper on arXiv.
    frame = {"root": "../" * depth, "page": name, "current": data[DATA["revisions"]]["current"]}
    return render_file(paths.SITE_TEMPLATES / part.template, {**context, **frame})


def build(out: Path, data: dict[str, Any], config: dict, downloads: dict[str, Path]) -> int:
    """Write the whole site into out (replaced only when complete); the number of pages."""
    staging = out.with_name(out.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    initiatives = [i["id"] for i in data[DATA["initiatives"]]]
    aspects = [a["id"] for a in data[DATA["codebook"]]["aspects"]]
    names = page_names(initiatives, aspects)
    for name in names:
        write_text(staging / f"{name}.html", render_page(name, data, config, sorted(downloads)))
    for asset in sorted(paths.SITE_STATIC.iterdir()):
        copy_file(asset, staging / "static" / asset.name)
    for file_name, source in downloads.items():
        copy_file(source, staging / DOWNLOADS_FOLDER / file_name)
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return len(names)


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, nargs="+", required=True, help="tidy-data JSON files the pages take")
    parser.add_argument("--settings", required=True, help="JSON of the config values the pages print")
    parser.add_argument("--download", action="append", default=[], metavar="FILE", help="a file readers download")
    args = parser.parse_args(argv)
    data = {str(path): read_json(path) for path in args.data}
    downloads = {Path(path).name: Path(path) for path in args.download}
    pages = build(args.out, data, json.loads(args.settings), downloads)
    print(f"{args.out}: {pages} pages")


if __name__ == "__main__":
    main()
