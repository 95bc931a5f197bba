# arXiv revisions: verified tarball, findings changelog, diff PDF, sealed releases in dist/v<N>/


rule arxiv_tarball:
    input:
        pdf=paths.LATEX_PDF,
        revisions=paths.REVISIONS_JSON,
        generated=rules.generated_sources.output,
        data=[
            paths.FINDINGS_CSV,
            paths.FINDINGS_JSON,
            paths.DOCUMENTS_CSV,
            paths.DATA_PACKAGE,
            paths.INITIATIVES_JSON,
            paths.DATA_README,
        ],
        code=code_of("arxiv"),
    output:
        tarball=paths.ARXIV_TARBALL,
        comments=paths.ARXIV_COMMENTS,
        report=paths.ARXIV_REPORT,
    log:
        paths.LOGS / "arxiv_tarball.log",
    params:
        generated=generate.tex_parts(INITIATIVES),
        keep_comments=(
            "--keep-comments" if config["build"]["arxiv_keep_comments"] else ""
        ),
    shell:
        "python3 -m scripts.arxiv --out {output.tarball} --comments {output.comments}"
        " --report {output.report} --revisions {input.revisions} --pdf {input.pdf}"
        " {params.keep_comments} --generated {params.generated} --data {input.data}"
        " 2>&1 | tee {log}"


rule arxiv:
    input:
        tarball=rules.arxiv_tarball.output.tarball,
        comments=rules.arxiv_tarball.output.comments,
        revisions=paths.REVISIONS_JSON,
    log:
        paths.LOGS / "arxiv.log",
    shell:
        "python3 -m scripts.release publish-arxiv --revisions {input.revisions}"
        " --artefact arxiv.tar.gz={input.tarball}"
        " --artefact arxiv-comments.txt={input.comments} 2>&1 | tee {log}"


# Files compared with a git ref carry its file-name form ({ref}); the ref's commit is a
# param, so a moved ref reruns them.
wildcard_constraints:
    ref="|".join(REFS) or "no-base",


rule changelog_files:
    input:
        findings=expand(paths.FINDINGS / "{initiative}.yaml", initiative=INITIATIVES),
        documentation=paths.DOCUMENTATION_BIB,
        markdown_template=paths.TEMPLATES / "changelog.md.j2",
        latex_template=paths.TEMPLATES / "changelog.tex.j2",
        code=code_of("changelog"),
    output:
        markdown=paths.changelog("{ref}", ".md"),
        latex=paths.changelog("{ref}", ".tex"),
    log:
        paths.LOGS / "changelog-{ref}.log",
    params:
        base=gitrefs.ref_of_wildcard(REFS),
        commit=gitrefs.commit_of_wildcard(REFS),
    shell:
        "python3 -m scripts.changelog --base {params.base:q} --markdown {output.markdown}"
        " --latex {output.latex} --markdown-template {input.markdown_template}"
        " --latex-template {input.latex_template} 2>&1 | tee {log}"


rule diff_pdf:
    input:
        pdf=paths.LATEX_PDF,
        revisions=paths.REVISIONS_JSON,
        summary_template=paths.TEMPLATES / "diff-summary.tex.j2",
        preamble=paths.TEMPLATES / "diff-preamble.tex.j2",
        code=code_of("difftex"),
    output:
        paths.diff_pdf("{ref}"),
    log:
        paths.LOGS / "diff-{ref}.log",
    params:
        base=gitrefs.ref_of_wildcard(REFS),
        commit=gitrefs.commit_of_wildcard(REFS),
    shell:
        "python3 -m scripts.difftex --base {params.base:q} --out {output}"
        " --revisions {input.revisions} --summary-template {input.summary_template}"
        " --preamble {input.preamble} 2>&1 | tee {log}"


# Without a base the Snakefile's onstart handler refuses these two before any job runs.
rule changelog:
    input:
        [paths.changelog(gitrefs.file_name(BASE), ".md")] if BASE else [],
    log:
        paths.LOGS / "changelog.log",
    shell:
        "cat {input} | tee {log}"


rule diff:
    input:
        [paths.diff_pdf(gitrefs.file_name(BASE))] if BASE else [],
    log:
        paths.LOGS / "diff.log",
    shell:
        "echo 'diff PDF: {input}' | tee {log}"


RELEASE_ARTEFACTS = {
    "paper.pdf": paths.PAPER_PDF,
    "arxiv.tar.gz": paths.ARXIV_TARBALL,
    "arxiv-comments.txt": paths.ARXIV_COMMENTS,
    "arxiv-verification.json": paths.ARXIV_REPORT,
}
if RELEASE_BASE:
    RELEASE_ARTEFACTS |= {
        f"diff-{RELEASE_BASE}.pdf": paths.diff_pdf(RELEASE_BASE),
        f"changelog-{RELEASE_BASE}.md": paths.changelog(RELEASE_BASE, ".md"),
        f"changelog-{RELEASE_BASE}.tex": paths.changelog(RELEASE_BASE, ".tex"),
    }


# The Snakefile's onstart handler runs release.preflight before any job when the target is
# `release`, so a refused release stops the run instead of building for nothing.
rule release:
    input:
        revisions=paths.REVISIONS_JSON,
        artefacts=list(RELEASE_ARTEFACTS.values()),
    log:
        paths.LOGS / "release.log",
    params:
        artefacts=" ".join(
            f"--artefact {name}={path}" for name, path in RELEASE_ARTEFACTS.items()
        ),
    shell:
        "python3 -m scripts.release release --revisions {input.revisions}"
        " {params.artefacts} 2>&1 | tee {log}"
