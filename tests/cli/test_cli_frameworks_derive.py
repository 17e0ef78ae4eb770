"""``stocktake frameworks derive | diff``, and ``validate`` on a derived file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import yaml
from typer.testing import Result

Invoke = Callable[..., Result]

CHANGES = """\
id: issa-36-kaohsiung
drop: [ECO-09, SOC-08]
reword:
  GOV-03:
    title: {en: "Residents' say in district plans", zh-Hant: 市民參與區域計畫}
weights: {ENV-01: 2}
add:
  - group: env-climate
    id: KH-01
    type: yes_no
    title: {en: Heat-health warnings, zh-Hant: 高溫預警, ja: 熱中症警戒, ko: 폭염 경보}
"""


def derived_file(invoke: Invoke, tmp_path: Path, changes: str = CHANGES) -> tuple[Result, Path]:
    (tmp_path / "changes.yaml").write_text(changes, encoding="utf-8")
    out = tmp_path / "kaohsiung.yaml"
    result = invoke(
        "frameworks", "derive", "issa-36", "--changes", tmp_path / "changes.yaml", "--out", out
    )
    return result, out


def test_derive_writes_a_valid_framework_and_says_what_it_holds(
    invoke: Invoke, tmp_path: Path
) -> None:
    result, out = derived_file(invoke, tmp_path)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == (
        f"Wrote issa-36-kaohsiung version 1.0.0 to {out}: 35 indicators; from issa-36 1.0.1, "
        "33 kept, 1 reworded, 2 dropped, 1 added, 0 not applicable."
    )
    assert "GOV-03 is reworded in en and zh-Hant only" in result.stderr
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written["derived_from"]["dropped"] == ["ECO-09", "SOC-08"]
    validated = invoke("frameworks", "validate", out)
    assert validated.exit_code == 0
    assert "is a valid framework: issa-36-kaohsiung version 1.0.0, 35 indicators" in (
        validated.stdout
    )
    assert "Warning: GOV-03 is reworded in en and zh-Hant only" in validated.stderr


def test_bad_changes_exit_2_naming_each_key_and_line_and_write_nothing(
    invoke: Invoke, tmp_path: Path
) -> None:
    changes = (
        "id: issa-36-kaohsiung\n"
        "drop:\n"
        "  - ECO-09\n"
        "  - ECO-09\n"
        "weights:\n"
        "  ENV-01: .nan\n"
        "add:\n"
        "  - {group: env-climate, id: GOV-01, type: yes_no, title: Heat}\n"
    )

    result, out = derived_file(invoke, tmp_path, changes)

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path / 'changes.yaml'}, line 4: drop[1]: 'ECO-09' is listed twice",
        f"Error: {tmp_path / 'changes.yaml'}, line 8: add[0].id: 'GOV-01' is an indicator of "
        "issa-36@1.0.1 (or of its base); a local indicator needs an id of its own",
        f"Error: {tmp_path / 'changes.yaml'}, line 8: add[0].title: the file declares "
        "languages en, zh-Hant, ja, ko but this text has no zh-Hant, ja, ko version; translate "
        "it or remove the language from 'languages'",
        f"Error: {tmp_path / 'changes.yaml'}, line 6: weights.ENV-01: a weight is a finite "
        "number of 0 or more, not nan",
    ]
    assert not out.exists()


def test_a_changes_file_that_is_not_yaml_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    result, out = derived_file(invoke, tmp_path, "id: [unclosed\n")

    assert result.exit_code == 2
    assert "is not valid YAML at line 2" in result.stderr
    assert not out.exists()


def test_an_unknown_base_version_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "changes.yaml").write_text("id: x\n", encoding="utf-8")

    result = invoke(
        "frameworks",
        "derive",
        "issa-36@0.9",
        "--changes",
        tmp_path / "changes.yaml",
        "--out",
        tmp_path / "x.yaml",
    )

    assert result.exit_code == 2
    assert "issa-36 is bundled in version 1.0.1, not 0.9" in result.stderr


def test_diff_json_lists_dropped_added_and_reworded(invoke: Invoke, tmp_path: Path) -> None:
    _, out = derived_file(invoke, tmp_path)

    result = invoke("frameworks", "diff", "issa-36@1.0.1", out, "--format", "json")

    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found["dropped"] == ["ECO-09", "SOC-08"]
    assert found["added"] == ["KH-01"]
    assert found["reworded"] == ["GOV-03"]
    assert found["reweighted"] == ["ENV-01"]
    assert found["not_applicable"] == []
    assert found["shared"] == 34


def test_diff_text_names_each_indicator(invoke: Invoke, tmp_path: Path) -> None:
    _, out = derived_file(invoke, tmp_path)

    result = invoke("frameworks", "diff", "issa-36", out)

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "From issa-36@1.0.1 to issa-36-kaohsiung@1.0.0: 34 indicators shared."
    assert "Dropped (2):" in lines
    assert "  KH-01  Heat-health warnings" in lines
    assert "  ENV-01  Greenhouse-gas inventory and mitigation: 1 → 2" in lines


def test_validate_checks_a_derived_record_against_its_bundled_base(
    invoke: Invoke, tmp_path: Path
) -> None:
    _, out = derived_file(invoke, tmp_path)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    data["derived_from"]["dropped"].append("GHOST")
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    result = invoke("frameworks", "validate", out)

    assert result.exit_code == 1
    assert f"{out}: derived_from.dropped[2]: 'GHOST' is not an indicator of issa-36@1.0.1" in (
        result.stdout
    )


def test_progress_from_the_base_to_the_derived_version_compares_the_shared_part(
    invoke: Invoke, tmp_path: Path
) -> None:
    _, out = derived_file(invoke, tmp_path)
    (tmp_path / "before.csv").write_text(
        "indicator,value,city,department\nGOV-01,1,kh,planning\nECO-09,2,kh,planning\n",
        encoding="utf-8",
    )
    (tmp_path / "after.csv").write_text(
        "indicator,value,city,department\nGOV-01,3,kh,planning\nKH-01,yes,kh,health\n",
        encoding="utf-8",
    )

    result = invoke(
        "progress",
        "--framework",
        out,
        "--before-framework",
        "issa-36",
        "--before",
        tmp_path / "before.csv",
        "--after",
        tmp_path / "after.csv",
        "--format",
        "json",
    )

    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["compared_on"] == (
        "Compared on the 34 indicators issa-36-kaohsiung 1.0.0 shares with issa-36 1.0.1; "
        "2 dropped, 1 local indicator not compared."
    )
    indicators = {row["indicator"]: row for row in found["indicators"]}
    assert len(indicators) == 34 and "KH-01" not in indicators and "ECO-09" not in indicators
    assert indicators["GOV-01"]["verdict"] == "improved"
