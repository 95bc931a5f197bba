"""Every number and list the paper's prose may use, as named LaTeX macros.

The prose never types a count: it prints \\nFullValueSetting or \\listNoneDataRelease,
so a changed code changes every sentence that counts it. Each macro counts exactly
the aspect, lens, access type or initiative its name says.
"""

from __future__ import annotations

from collections import Counter

from scripts.english import name_list, plural, possessive
from scripts.terms import ACCESS_TYPES, CHANGES, LEVELS
from scripts.views import release_comparison

DIGITS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"]


def camel(identifier: str) -> str:
    """A LaTeX-safe macro name part: annotator_demographics -> AnnotatorDemographics."""
    words = identifier.replace("-", "_").replace(" ", "_").split("_")
    name = "".join(word[:1].upper() + word[1:] for word in words)
    return "".join(DIGITS[int(c)] if c.isdigit() else c for c in name)


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


class Macros(list):
    """(name, value, description) in the order the macro file lists them."""

    def add(self, name: str, value: object, description: str) -> None:
        self.append((name, value, description))

    def share(self, name: str, cells: list[dict], level: str, what: str) -> None:
        """n<name> and pct<name>: how many of the cells, and what percent, are coded level."""
        count = sum(r["disclosure"] == level for r in cells)
        self.add(f"n{name}", count, f"{what} coded {level}")
        self.add(f"pct{name}", percent(count, len(cells)), f"percent of {what} coded {level}")


def release_macros(
    macros: Macros, initiatives: list[dict], findings: list[dict], codebook: dict
) -> dict[str, list[str]]:
    """How disclosure changed from each initiative's first to its latest coded release: counts of
    aspects that lost, gained or kept their level, per initiative, per access type and in all."""
    compared = release_comparison(initiatives, findings)
    macros.add("nInitiativesCompared", len(compared), "initiatives coded for their first and latest release")
    macros.add("listInitiativesCompared", name_list([c["initiative"]["name"] for c in compared]), "their names")
    groups = {"": compared} | {camel(a): [c for c in compared if c["initiative"]["access"] == a] for a in ACCESS_TYPES}
    for suffix, group in groups.items():
        what = f"{suffix or 'all'} initiatives compared"
        macros.add(f"nReleaseCompared{suffix}", sum(len(c["aspects"]) for c in group), f"aspects compared, {what}")
        for change in CHANGES:
            count = sum(c["counts"][change] for c in group)
            macros.add(f"nRelease{camel(change)}{suffix}", count, f"aspects that {change} disclosure, {what}")
    lens_of = {a["id"]: a["lens"] for a in codebook["aspects"]}
    for lens in codebook["lenses"]:
        for change in CHANGES:
            count = sum(
                code["change"] == change and lens_of[aspect] == lens["id"]
                for item in compared
                for aspect, code in item["aspects"].items()
            )
            macros.add(f"nRelease{camel(change)}{camel(lens['id'])}", count, f"{lens['id']} aspects that {change}")
    for item in compared:
        name = camel(item["initiative"]["id"])
        macros.add(f"firstRelease{name}", item["first"]["release"], f"{name}'s first coded release")
        macros.add(f"latestRelease{name}", item["latest"]["release"], f"{name}'s latest coded release")
        for change in CHANGES:
            macros.add(f"nRelease{camel(change)}{name}", item["counts"][change], f"aspects of {name} that {change}")
    verdicts = {
        "LostMore": [c for c in compared if c["counts"]["lost"] > c["counts"]["gained"]],
        "GainedMore": [c for c in compared if c["counts"]["gained"] > c["counts"]["lost"]],
        "Balanced": [c for c in compared if c["counts"]["gained"] == c["counts"]["lost"]],
    }
    for verdict, group in verdicts.items():
        macros.add(f"nInitiatives{verdict}", len(group), f"initiatives whose latest release {verdict} (lost vs gained)")
        macros.add(f"listInitiatives{verdict}", name_list([c["initiative"]["name"] for c in group]), "their names")
    return {verdict: [c["initiative"]["name"] for c in group] for verdict, group in verdicts.items()}


def macros_view(
    *,
    settings: dict,
    revisions: dict,
    initiatives: list[dict],
    codebook: dict,
    bibliography: dict,
    findings: list[dict],
    verification: dict,
) -> dict:
    """Every number and list the prose may use, with a description for the file header."""
    names = {i["id"]: i["name"] for i in initiatives}
    access_of = {i["id"]: i["access"] for i in initiatives}
    lens_of = {a["id"]: a["lens"] for a in codebook["aspects"]}
    documents = [e for e in bibliography.values() if e["source"] == "documentation"]
    by_lens = {lens["id"]: [r for r in findings if lens_of[r["aspect"]] == lens["id"]] for lens in codebook["lenses"]}
    by_access = {access: [r for r in findings if access_of[r["initiative"]] == access] for access in ACCESS_TYPES}
    per_initiative = Counter((r["initiative"], r["disclosure"]) for r in findings)
    by_aspect: dict[str, list[dict]] = {a["id"]: [] for a in codebook["aspects"]}
    for record in findings:
        by_aspect[record["aspect"]].append(record)
    macros = Macros()
    macros.add("nInitiatives", len(initiatives), "initiatives audited")
    macros.add("nOrganisations", len({i["organization"] for i in initiatives}), "organisations behind them")
    macros.add("nAspects", len(codebook["aspects"]), "aspects in the codebook")
    macros.add("nDocuments", len(documents), "audited documents in bib/documentation.bib")
    macros.add("nCells", len(findings), "coded cells (initiatives x aspects)")
    for access in ACCESS_TYPES:
        group = [i for i in initiatives if i["access"] == access]
        macros.add(f"n{camel(access)}", len(group), f"{access} initiatives")
        macros.add(f"list{camel(access)}", name_list([i["name"] for i in group]), f"names of the {access} initiatives")
        macros.add(
            f"list{camel(access)}Organisations",
            name_list([f"{possessive(i['organization'])} {i['name']}" for i in group]),
            f"the {access} initiatives with their organisations (OpenAI's GPT)",
        )
    type_counts = Counter(d["doctype"] for d in documents)
    for doctype in sorted(type_counts):
        macros.add(f"nDocuments{camel(doctype)}", type_counts[doctype], f"audited documents of type {doctype}")
    breakdown = [f"{n} {plural(doctype, n)}" for doctype, n in sorted(type_counts.items(), key=lambda t: (-t[1], t[0]))]
    macros.add("listDocumentTypes", name_list(breakdown), "audited documents counted by type, most frequent first")
    counts = {i["id"]: len(i.get("documents", [])) for i in initiatives}
    for initiative in initiatives:
        name = f"nDocumentsOf{camel(initiative['id'])}"
        macros.add(name, counts[initiative["id"]], f"audited documents {initiative['id']}'s findings quote or cite")
    for extreme, pick in (("Most", max), ("Fewest", min)):
        value = pick(counts.values(), default=0)
        names_at = [names[i] for i in counts if counts[i] == value]
        macros.add(f"nDocuments{extreme}", value, f"the {extreme.lower()} audited documents of any initiative")
        macros.add(f"listDocuments{extreme}", name_list(names_at), "the initiatives with that many")
    for lens in codebook["lenses"]:
        n_aspects = sum(a["lens"] == lens["id"] for a in codebook["aspects"])
        macros.add(f"nAspects{camel(lens['id'])}", n_aspects, f"aspects in the {lens['id']} lens")
    for level in LEVELS:
        macros.share(camel(level), findings, level, "cells")
        for lens, cells in by_lens.items():
            for access in ACCESS_TYPES:
                count = sum(r["disclosure"] == level and access_of[r["initiative"]] == access for r in cells)
                name = f"n{camel(level)}{camel(lens)}{camel(access)}"
                macros.add(name, count, f"{lens} cells of {access} initiatives coded {level}")
            macros.share(f"{camel(level)}{camel(lens)}", cells, level, f"{lens} cells")
        for access, cells in by_access.items():
            macros.share(f"{camel(level)}{camel(access)}", cells, level, f"{access} cells")
        for initiative in initiatives:
            count = per_initiative[initiative["id"], level]
            name = f"n{camel(level)}{camel(initiative['id'])}"
            macros.add(name, count, f"aspects of {initiative['id']} coded {level}")
    for aspect in codebook["aspects"]:
        coded = by_aspect[aspect["id"]]
        for level in LEVELS:
            ids = [r["initiative"] for r in coded if r["disclosure"] == level]
            macros.add(
                f"n{camel(level)}{camel(aspect['id'])}", len(ids), f"initiatives coded {level} on {aspect['id']}"
            )
            macros.add(f"list{camel(level)}{camel(aspect['id'])}", name_list([names[i] for i in ids]), "their names")
        disclosed = sum(r["disclosure"] != "none" for r in coded)
        macros.add(
            f"nDisclosed{camel(aspect['id'])}", disclosed, f"initiatives coded full or partial on {aspect['id']}"
        )
    release_groups = release_macros(macros, initiatives, findings, codebook)
    macros.add("nQuotes", verification["quotes"], "evidence quotes in the findings")
    macros.add("nQuotesChecked", verification["quotes_checked"], "quotes from documents the last verification read")
    macros.add("nQuotesVerified", verification["quotes_verified"], "quotes it found verbatim (bib/documents.lock)")
    macros.add("nDocumentsVerified", verification["documents_verified"], "audited documents it read")
    macros.add("quotesVerifiedOn", verification["last_verified_on"] or "", "the day of the last verification")
    return {
        "verification": verification,
        "release_groups": release_groups,
        "settings": settings,
        "current": revisions["current"],
        "macros": [{"name": name, "value": value, "description": description} for name, value, description in macros],
    }
