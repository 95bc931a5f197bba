# Everything before TeX in one job: findings YAML + bib + codebook -> tidy data (build/data/),
# the bib files BibTeX reads (build/bib/) and every generated part of the paper
# (build/generated/, one per entry of render.PARTS). The job validates and renders only what
# changed since its last run (content hashes in build/cache/), and prints every problem at once.


rule generated_sources:
    input:
        findings=expand(paths.FINDINGS / "{initiative}.yaml", initiative=INITIATIVES),
        codebook=paths.CODEBOOK,
        revisions=paths.REVISIONS,
        bib=[paths.DOCUMENTATION_BIB, paths.REFERENCES_BIB, paths.ORGANISATIONS],
        lock=[path for path in [paths.DOCUMENTS_LOCK] if path.exists()],
        leads=sorted(paths.LEADS.glob("*.tex")),
        schemas=sorted(paths.SCHEMAS.glob("*.json")),
        templates=sorted(paths.TEMPLATES.glob("*.j2")),
        code=code_of("generate"),
    # Per-initiative files are declared by folder (see generate.declared_outputs). Snakemake
    # deletes the outputs before the job runs; parts whose inputs did not change come back
    # from build/cache/files/ without being rendered again.
    output:
        generate.declared_outputs(INITIATIVES)[0],
        [directory(path) for path in generate.declared_outputs(INITIATIVES)[1]],
    log:
        paths.LOGS / "generated_sources.log",
    params:
        settings=json.dumps(config),
        on_disk=lambda wildcards: " ".join(generate.on_disk_ids()),
    shell:
        "python3 -m scripts.generate --settings {params.settings:q} 2>&1 | tee {log}"


# Everything before TeX: a target for benchmarks and for checking templates quickly.
rule generated:
    input:
        rules.generated_sources.output,


rule check:
    input:
        code=code_of("check"),
    log:
        paths.LOGS / "check.log",
    shell:
        "python3 -m scripts.check 2>&1 | tee {log}"
