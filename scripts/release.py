"""Cut an arXiv revision into dist/v<N>/, refusing anything that would spoil a release.

A release is sealed by dist/v<N>/release.json, a manifest with the checksum of
every artefact. Nothing here ever overwrites a sealed release, pushes, or tags:
the command to tag is printed for the maintainer to run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from scripts import gitrefs, paths, revisions
from scripts.errors import GitError, ReleaseError, entry_point
from scripts.textio import copy_file, read_json, write_text

MANIFEST = "release.json"


def release_dir(version: int) -> Path:
    return paths.DIST / f"v{version}"


def preflight(version: int | None) -> list[str]:
    """Reasons the current state cannot become release v<version>."""
    if version is None:
        return [f"{paths.REVISIONS} has no readable version; run `snakemake --cores 1 check`"]
    problems = []
    if revisions.current_status(paths.REVISIONS) == "draft":
        problems.append(
            f"v{version} is an unreleased draft: set its status to released and its date to the release day"
            f" in {paths.REVISIONS}"
        )
    try:
        dirty = gitrefs.dirty_paths()
        tags = gitrefs.release_tags()
        gitrefs.resolve("HEAD")
        # Releasing the commit that already carries tag v<N> (as CI does on a tag push) is allowed.
        tagged_here = f"v{version}" in gitrefs.git("tag", "--points-at", "HEAD").split()
    except GitError as error:
        return problems + [f"not a usable git repository with a commit to release: {error}"]
    if dirty:
        problems.append("the working tree has uncommitted changes: " + ", ".join(dirty[:10]))
    if tags and version <= tags[-1] and not tagged_here:
        problems.append(
            f"paper/revisions.yaml's newest version is v{version}, but v{tags[-1]} is already tagged; "
            f"add a revision entry for v{tags[-1] + 1}"
        )
    if (release_dir(version) / MANIFEST).exists():
        problems.append(f"{release_dir(version)} is already released; releases are never overwritten")
    return problems


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def publish(version: int, artefacts: dict[str, Path], seal: bool) -> Path:
    """Copy artefacts into dist/v<N>/ (created if needed); with seal, write the manifest."""
    target = release_dir(version)
    if (target / MANIFEST).exists():
        raise ReleaseError(f"{target} is already released; releases are never overwritten")
    target.mkdir(parents=True, exist_ok=True)
    for name, source in artefacts.items():
        copy_file(source, target / name)
    if seal:
        manifest = {"version": version, "files": {name: sha256(target / name) for name in sorted(artefacts)}}
        write_text(target / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return target


@entry_point
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["publish-arxiv", "release"])
    parser.add_argument("--revisions", type=Path, required=True)
    parser.add_argument("--artefact", action="append", default=[], metavar="NAME=PATH")
    args = parser.parse_args(argv)
    current = read_json(args.revisions)["current"]
    version = current["version"]
    artefacts = {name: Path(path) for name, path in (item.split("=", 1) for item in args.artefact)}
    target = publish(version, artefacts, seal=args.action == "release")
    for name in sorted(artefacts):
        print(f"  {target / name}")
    if args.action == "release":
        print(f"Release v{version} is in {target}. Tag it with:")
        print(f"  git tag -a v{version} -m 'arXiv v{version} ({current['date']})' && git push origin v{version}")


if __name__ == "__main__":
    main()
