# Generated LaTeX: every part of render.PARTS (template + pure view) -> build/generated/*.tex


# One rule for every part: its data files, template and config values come from the registry,
# so a part is added in scripts/render.py and paper/templates/ alone.
rule generated_part:
    input:
        unpack(lambda wildcards: render.data_files(wildcards.part)),
        template=lambda wildcards: paths.TEMPLATES
        / render.resolve(wildcards.part)[0].template,
        citation=paths.CITATION_TEMPLATE,
        code=code_of("render"),
    output:
        paths.GENERATED / "{part}.tex",
    log:
        paths.LOGS / "generated" / "{part}.log",
    wildcard_constraints:
        part=render.name_pattern(),
    params:
        data=lambda wildcards, input: " ".join(
            f"--data {name}={input[name]}"
            for name in render.data_files(wildcards.part)
        ),
        settings=lambda wildcards: json.dumps(
            render.settings_of(wildcards.part, config)
        ),
    shell:
        "python3 -m scripts.render {wildcards.part} --out {output} {params.data}"
        " --settings {params.settings:q} 2>&1 | tee {log}"


# Everything before TeX: a target for benchmarks and for checking templates quickly.
rule generated:
    input:
        [paths.GENERATED / f"{name}.tex" for name in render.part_names(INITIATIVES)],
