# `snakemake verify`: every evidence quote looked up in its document (snapshot or URL) ->
# build/verify/report.md and report.json; --config update_lock=true rewrites bib/documents.lock.
# Opt-in and never up to date: documents change without any file here changing, so the rule
# declares no outputs and runs whenever it is asked for.


rule verify:
    input:
        findings=expand(paths.FINDINGS / "{initiative}.yaml", initiative=INITIATIVES),
        bib=paths.DOCUMENTATION_BIB,
        code=code_of("verify"),
    log:
        paths.LOGS / "verify.log",
    params:
        settings=json.dumps(config),
    shell:
        "python3 -m scripts.verify --settings {params.settings:q} 2>&1 | tee {log}"
