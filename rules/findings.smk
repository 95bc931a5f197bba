# Validation and the tidy findings table: YAML + bib -> build/data/*.json, *.csv
# Problems are printed to the terminal and kept in build/logs/.


rule bibliography_index:
    input:
        documentation=paths.DOCUMENTATION_BIB,
        references=paths.REFERENCES_BIB,
        organisations=paths.ORGANISATIONS,
        code=code_of("bibliography"),
    output:
        paths.BIBLIOGRAPHY_JSON,
    log:
        paths.LOGS / "bibliography_index.log",
    params:
        window=configuration.audit_window(config),
    shell:
        "python3 -m scripts.bibliography --documentation {input.documentation}"
        " --references {input.references} --window {params.window}"
        " --out {output} 2>&1 | tee {log}"


rule codebook_index:
    input:
        codebook=paths.CODEBOOK,
        schema=paths.CODEBOOK_SCHEMA,
        code=code_of("codebook"),
    output:
        paths.CODEBOOK_JSON,
    log:
        paths.LOGS / "codebook_index.log",
    shell:
        "python3 -m scripts.codebook {input.codebook} --out {output}"
        " 2>&1 | tee {log}"


rule revisions_index:
    input:
        revisions=paths.REVISIONS,
        bibliography=paths.BIBLIOGRAPHY_JSON,
        schema=paths.REVISIONS_SCHEMA,
        code=code_of("revisions"),
    output:
        paths.REVISIONS_JSON,
    log:
        paths.LOGS / "revisions_index.log",
    shell:
        "python3 -m scripts.revisions {input.revisions}"
        " --bibliography {input.bibliography} --out {output}"
        " 2>&1 | tee {log}"


rule initiative_records:
    input:
        findings=paths.FINDINGS / "{initiative}.yaml",
        codebook=paths.CODEBOOK_JSON,
        bibliography=paths.BIBLIOGRAPHY_JSON,
        schema=paths.FINDINGS_SCHEMA,
        code=code_of("findings"),
    output:
        paths.RECORDS / "{initiative}.json",
    log:
        paths.LOGS / "initiative_records" / "{initiative}.log",
    shell:
        "python3 -m scripts.findings {input.findings} --codebook {input.codebook}"
        " --bibliography {input.bibliography} --out {output} 2>&1 | tee {log}"


rule findings_table:
    input:
        records=expand(paths.RECORDS / "{initiative}.json", initiative=INITIATIVES),
        bibliography=paths.BIBLIOGRAPHY_JSON,
        code=code_of("tidy"),
    output:
        json=paths.FINDINGS_JSON,
        initiatives=paths.INITIATIVES_JSON,
        readme=paths.DATA_README,
    log:
        paths.LOGS / "findings_table.log",
    params:
        order=",".join(INITIATIVES),
        on_disk=lambda wildcards: ",".join(
            sorted(glob_wildcards(paths.FINDINGS / "{id,[^/]+}.yaml").id)
        ),
    shell:
        "python3 -m scripts.tidy join {input.records} --order {params.order}"
        " --on-disk {params.on_disk:q} --bibliography {input.bibliography}"
        " --json {output.json} --initiatives {output.initiatives}"
        " --readme {output.readme}"
        " 2>&1 | tee {log}"


rule findings_csv:
    input:
        findings=paths.FINDINGS_JSON,
        code=code_of("tidy"),
    output:
        paths.FINDINGS_CSV,
    log:
        paths.LOGS / "findings_csv.log",
    shell:
        "python3 -m scripts.tidy csv {input.findings} --out {output} 2>&1 | tee {log}"


rule documents_csv:
    input:
        bibliography=paths.BIBLIOGRAPHY_JSON,
        initiatives=paths.INITIATIVES_JSON,
        code=code_of("tidy"),
    output:
        paths.DOCUMENTS_CSV,
    log:
        paths.LOGS / "documents_csv.log",
    shell:
        "python3 -m scripts.tidy documents {input.bibliography}"
        " --initiatives {input.initiatives} --out {output} 2>&1 | tee {log}"


rule data_package:
    input:
        codebook=paths.CODEBOOK_JSON,
        initiatives=paths.INITIATIVES_JSON,
        revisions=paths.REVISIONS_JSON,
        code=code_of("datapackage"),
    output:
        paths.DATA_PACKAGE,
    log:
        paths.LOGS / "data_package.log",
    params:
        paper=json.dumps(config["paper"]),
    shell:
        "python3 -m scripts.datapackage --codebook {input.codebook}"
        " --initiatives {input.initiatives} --revisions {input.revisions}"
        " --paper {params.paper:q} --out {output} 2>&1 | tee {log}"


rule check:
    input:
        code=code_of("check"),
    log:
        paths.LOGS / "check.log",
    shell:
        "python3 -m scripts.check 2>&1 | tee {log}"
