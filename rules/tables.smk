# Generated LaTeX: templates in paper/templates + tidy data -> build/generated/*.tex

RENDER_CODE = ["scripts/render.py", "scripts/latex.py", "scripts/citations.py"]


rule macros_tex:
    input:
        template=paths.TEMPLATES / "macros.tex.j2",
        initiatives=paths.INITIATIVES_JSON,
        codebook=paths.CODEBOOK_JSON,
        bibliography=paths.BIBLIOGRAPHY_JSON,
        code=RENDER_CODE,
    output:
        paths.GENERATED / "macros.tex",
    params:
        settings=json.dumps(
            {"paper": config["paper"], "audit_window": config["audit_window"]}
        ),
    shell:
        "{PYTHON} -m scripts.render macros --template {input.template} --out {output}"
        " --initiatives {input.initiatives} --codebook {input.codebook}"
        " --bibliography {input.bibliography} --settings {params.settings:q}"


rule disclosure_matrix_tex:
    input:
        template=paths.TEMPLATES / "disclosure-matrix.tex.j2",
        findings=paths.FINDINGS_JSON,
        initiatives=paths.INITIATIVES_JSON,
        codebook=paths.CODEBOOK_JSON,
        code=RENDER_CODE,
    output:
        paths.GENERATED / "disclosure-matrix.tex",
    shell:
        "{PYTHON} -m scripts.render matrix --template {input.template} --out {output}"
        " --findings {input.findings} --initiatives {input.initiatives}"
        " --codebook {input.codebook}"


rule initiative_section_tex:
    input:
        template=paths.TEMPLATES / "initiative-section.tex.j2",
        record=paths.RECORDS / "{initiative}.json",
        codebook=paths.CODEBOOK_JSON,
        bibliography=paths.BIBLIOGRAPHY_JSON,
        code=RENDER_CODE,
    output:
        paths.GENERATED_SECTIONS / "{initiative}.tex",
    params:
        settings=json.dumps(config["build"]),
    shell:
        "{PYTHON} -m scripts.render section --template {input.template} --out {output}"
        " --record {input.record} --codebook {input.codebook}"
        " --bibliography {input.bibliography} --settings {params.settings:q}"


rule findings_sections_tex:
    input:
        template=paths.TEMPLATES / "findings-sections.tex.j2",
        code=RENDER_CODE,
    output:
        paths.GENERATED / "findings-sections.tex",
    params:
        order=",".join(INITIATIVES),
    shell:
        "{PYTHON} -m scripts.render sections-index --template {input.template}"
        " --out {output} --order {params.order}"
