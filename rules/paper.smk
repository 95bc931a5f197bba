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
        generated=rules.generated_sources.output,
        code=code_of("compile"),
    output:
        paths.LATEX_PDF,
    log:
        paths.LATEXMK_LOG,
    params:
        outdir=paths.LATEX_OUT,
        published=paths.PAPER_PDF,
        revisions=paths.REVISIONS_JSON,
    shell:
        "python3 -m scripts.compile latex --main {input.main} --outdir {params.outdir}"
        " --pdf {params.published} --log {log} --revisions {params.revisions}"


rule paper_pdf:
    input:
        paths.LATEX_PDF,
    output:
        paths.PAPER_PDF,
    log:
        paths.LOGS / "paper_pdf.log",
    shell:
        "python3 -m scripts.compile publish {input} --pdf {output} 2>&1 | tee {log}"
