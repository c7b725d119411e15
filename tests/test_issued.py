"""What the office sets on a brief: the issue date (--issued), 共印X份, the headline line."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def example(ftz, tmp_path: Path) -> Path:
    assert ftz("init", "--example", "ex").exit_code == 0
    root = tmp_path / "ex"
    settings = (root / "ftz.yaml").read_text(encoding="utf-8")
    settings = settings.replace("  # to: 市委、市政府领导", "  to: 市委、市政府领导").replace(
        "  # copies: 30", "  copies: 30")
    (root / "ftz.yaml").write_text(settings, encoding="utf-8")
    return root


def test_the_issue_date_heads_the_brief_and_the_data_keeps_its_own(ftz, example):
    md = ftz("--data", str(example), "report", "--as-of", "2021-06-30", "--issued", "2021-07-05",
             "-o", "-").stdout
    head, rest = md.split("## 一、总体情况")
    assert "2021年7月5日" in head and "2021年6月30日" not in head
    assert "截至2021年6月30日" in rest.split("## 二、")[0]
    assert "1. 数据截至2021年6月30日。" in md
    assert md.rstrip().endswith("2021年7月5日印发\n\n（共印30份）")
    plain = ftz("--data", str(example), "report", "--as-of", "2021-06-30", "-o", "-").stdout
    assert "2021年6月30日" in plain.split("## 一、总体情况")[0]  # no --issued: the data's date


def test_the_headline_comes_from_the_option_or_the_notes(ftz, example):
    (example / "notes").mkdir()
    (example / "notes" / "2021-06-30.yaml").write_text("headline: 进出口额按目前进度预计超额完成\n",
                                                        encoding="utf-8")
    args = ("--data", str(example), "report", "--as-of", "2021-06-30")
    assert "**进出口额按目前进度预计超额完成**" in ftz(*args, "-o", "-").stdout.split("## 一、")[0]
    html = ftz(*args, "--headline", "另一行提要", "--format", "html").stdout
    assert '<p class="headline">另一行提要</p>' in html and "（共印30份）" in html


def test_word_carries_the_issue_date_copies_and_headline(ftz, example, tmp_path: Path):
    import docx

    out = tmp_path / "b.docx"
    assert ftz("--data", str(example), "report", "--as-of", "2021-06-30", "--issued", "2021-07-05",
               "--headline", "提要", "-o", str(out)).exit_code == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(t.endswith("\t2021年7月5日") for t in texts[:6]) and "提要" in texts[:8]
    assert texts[-1] == "（共印30份）" and texts[-2].endswith("2021年7月5日印发")


def test_a_bad_issue_date_or_copies_is_refused(ftz, example):
    bad = ftz("--data", str(example), "report", "--issued", "2021-02-30", "-o", "-")
    assert bad.exit_code != 0 and "--issued" in bad.stderr
    settings = (example / "ftz.yaml").read_text(encoding="utf-8").replace("copies: 30", "copies: 0")
    (example / "ftz.yaml").write_text(settings, encoding="utf-8")
    refused = ftz("--data", str(example), "list", "--format", "json")
    assert refused.exit_code == 1 and "copies" in refused.stderr
