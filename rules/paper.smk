# The PDF: hand-written LaTeX + generated parts + bib -> build/paper.pdf


# Snakemake removes a failed job's outputs, so TeX writes build/latex/main.pdf and a second
# job publishes it as build/paper.pdf: a failure leaves the last good PDF in place, and a
# run interrupted between the two publishes on the next run.
rule latex_pdf:
    input:
        main=paths.MAIN_TEX,
        preamble=paths.PREAMBLE,
        sections=expand(
            paths.HANDWRITTEN_SECTIONS / "{name}.tex",
            name=glob_wildcards(paths.HANDWRITTEN_SECTIONS / "{name}.tex").name,
        ),
        generated=rules.generated.input,
        bib=[
            paths.BIBTEX_SOURCES / paths.DOCUMENTATION_BIB.name,
            paths.BIBTEX_SOURCES / paths.REFERENCES_BIB.name,
        ],
        revisions=paths.REVISIONS_JSON,
        code=code_of("compile"),
    output:
        paths.LATEX_PDF,
    log:
        paths.LATEXMK_LOG,
    params:
        outdir=paths.LATEX_OUT,
        published=paths.PAPER_PDF,
    shell:
        "python3 -m scripts.compile latex --main {input.main} --outdir {params.outdir}"
        " --pdf {params.published} --log {log} --revisions {input.revisions}"


rule paper_pdf:
    input:
        paths.LATEX_PDF,
    output:
        paths.PAPER_PDF,
    log:
        paths.LOGS / "paper_pdf.log",
    shell:
        "python3 -m scripts.compile publish {input} --pdf {output} 2>&1 | tee {log}"


# BibTeX reads copies of the bib files whose notes carry access dates and arXiv identifiers.
rule bibtex_sources:
    input:
        source=paths.BIB / "{name}.bib",
        template=paths.BIBTEX_TEMPLATE,
        code=code_of("bibtex_sources"),
    output:
        paths.BIBTEX_SOURCES / "{name}.bib",
    log:
        paths.LOGS / "bibtex_sources" / "{name}.log",
    wildcard_constraints:
        name="documentation|references",
    shell:
        "python3 -m scripts.bibtex_sources {input.source} --template {input.template}"
        " --out {output} 2>&1 | tee {log}"
