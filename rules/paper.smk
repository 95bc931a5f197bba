# The PDF: hand-written LaTeX + generated parts + bib -> build/paper.pdf


# Snakemake removes a failed job's outputs, so TeX writes build/latex/main.pdf and only a
# successful run is published as build/paper.pdf: a failure leaves the last good PDF.
rule latex_pdf:
    input:
        main=paths.MAIN_TEX,
        preamble=paths.PREAMBLE,
        sections=expand(
            paths.HANDWRITTEN_SECTIONS / "{name}.tex",
            name=glob_wildcards(paths.HANDWRITTEN_SECTIONS / "{name}.tex").name,
        ),
        generated=[
            paths.GENERATED / "macros.tex",
            paths.GENERATED / "codebook-table.tex",
            paths.GENERATED / "disclosure-matrix.tex",
            paths.GENERATED / "findings-sections.tex",
            paths.GENERATED / "revision-history.tex",
            paths.GENERATED / "lens-summaries.tex",
            paths.GENERATED / "disclosure-matrix-figure.tex",
            paths.GENERATED / "initiatives-table.tex",
            paths.GENERATED / "documents-timeline.tex",
            paths.GENERATED / "documents-appendix.tex",
        ],
        initiative_sections=expand(
            paths.GENERATED_SECTIONS / "{initiative}.tex", initiative=INITIATIVES
        ),
        bib=[paths.DOCUMENTATION_BIB, paths.REFERENCES_BIB],
        revisions=paths.REVISIONS_JSON,
        code=paths.code_of("compile"),
    output:
        paths.LATEX_PDF,
    log:
        paths.LOGS / "latexmk.log",
    shell:
        "python3 -m scripts.compile --main {input.main} --log {log}"
        " --revisions {input.revisions}"


rule paper_pdf:
    input:
        paths.LATEX_PDF,
    output:
        paths.PAPER_PDF,
    log:
        paths.LOGS / "paper_pdf.log",
    shell:
        "python3 -m scripts.compile --publish {input} --pdf {output} 2>&1 | tee {log}"
