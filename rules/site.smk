# The evidence explorer: tidy data + site/ templates and assets -> build/site/ (static HTML)


SITE_DOWNLOADS = [
    paths.PAPER_PDF,
    paths.FINDINGS_CSV,
    paths.FINDINGS_JSON,
    paths.DOCUMENTS_CSV,
    paths.INITIATIVES_JSON,
    paths.DATA_README,
    paths.DATA_PACKAGE,
]


rule site:
    input:
        data=[
            paths.CODEBOOK_JSON,
            paths.INITIATIVES_JSON,
            paths.FINDINGS_JSON,
            paths.BIBLIOGRAPHY_JSON,
            paths.REVISIONS_JSON,
            paths.VERIFICATION_JSON,
        ],
        records=paths.RECORDS,
        templates=sorted(paths.SITE_TEMPLATES.glob("*.j2")),
        static=sorted(paths.SITE_STATIC.iterdir()),
        downloads=SITE_DOWNLOADS,
        code=code_of("site"),
    output:
        directory(paths.SITE),
    log:
        paths.LOGS / "site.log",
    params:
        settings=json.dumps({"paper": config["paper"]}),
        downloads=" ".join(f"--download {path}" for path in SITE_DOWNLOADS),
    shell:
        "python3 -m scripts.site --out {output} --data {input.data} {input.records}/*.json"
        " --settings {params.settings:q} {params.downloads} 2>&1 | tee {log}"
