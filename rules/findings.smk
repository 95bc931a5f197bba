# Validation and the tidy findings table: YAML + bib -> build/data/*.json, *.csv


rule bibliography_index:
    input:
        documentation=paths.DOCUMENTATION_BIB,
        references=paths.REFERENCES_BIB,
        code=["scripts/bibliography.py", "scripts/problems.py", "scripts/citations.py"],
    output:
        paths.BIBLIOGRAPHY_JSON,
    shell:
        "{PYTHON} -m scripts.bibliography --documentation {input.documentation}"
        " --references {input.references} --out {output}"


rule codebook_index:
    input:
        codebook=paths.CODEBOOK,
        schema=paths.CODEBOOK_SCHEMA,
        code=["scripts/codebook.py", "scripts/schema.py", "scripts/yamlsource.py"],
    output:
        paths.CODEBOOK_JSON,
    shell:
        "{PYTHON} -m scripts.codebook --codebook {input.codebook} --out {output}"


rule initiative_records:
    input:
        findings=paths.FINDINGS / "{initiative}.yaml",
        codebook=paths.CODEBOOK_JSON,
        bibliography=paths.BIBLIOGRAPHY_JSON,
        schema=paths.FINDINGS_SCHEMA,
        code=["scripts/findings.py", "scripts/schema.py", "scripts/yamlsource.py"],
    output:
        paths.RECORDS / "{initiative}.json",
    shell:
        "{PYTHON} -m scripts.findings {input.findings} --codebook {input.codebook}"
        " --bibliography {input.bibliography} --out {output}"


rule findings_table:
    input:
        records=expand(paths.RECORDS / "{initiative}.json", initiative=INITIATIVES),
        bibliography=paths.BIBLIOGRAPHY_JSON,
        code="scripts/tidy.py",
    output:
        json=paths.FINDINGS_JSON,
        csv=paths.FINDINGS_CSV,
        initiatives=paths.INITIATIVES_JSON,
    params:
        order=",".join(INITIATIVES),
        on_disk=lambda wildcards: ",".join(
            sorted(
                set(glob_wildcards(paths.FINDINGS / "{id,[^/]+}.yaml").id)
                - {paths.CODEBOOK.stem}
            )
        ),
    shell:
        "{PYTHON} -m scripts.tidy {input.records} --order {params.order}"
        " --on-disk {params.on_disk:q} --bibliography {input.bibliography}"
        " --json {output.json} --csv {output.csv} --initiatives {output.initiatives}"
