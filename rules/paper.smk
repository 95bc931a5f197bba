# The PDF: hand-written LaTeX + generated parts + bib -> build/paper.pdf


# Snakemake removes a failed job's outputs, so TeX writes build/latex/main.pdf and the
# Snakefile's onsuccess handler publishes it as build/paper.pdf: a failure leaves the last
# good PDF in place, and publishing costs no extra job.
rule latex_pdf:
    input:
        main=paths.MAIN_TEX,
        preamble=paths.PREAMBLE,
        sections=expand(
            paths.HANDWRITTEN_SECTIONS / "{name}.tex",
            name=glob_wildcards(paths.HANDWRITTEN_SECTIONS / "{name}.tex").name,
        ),
        generated=rules.generated.input,
        bib=[paths.DOCUMENTATION_BIB, paths.REFERENCES_BIB],
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
        "python3 -m scripts.compile --main {input.main} --outdir {params.outdir}"
        " --pdf {params.published} --log {log} --revisions {input.revisions}"
