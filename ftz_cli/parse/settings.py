"""``ftz.yaml``, the workspace's settings: its text into checked ``Settings`` (the file is found
and read by ``store/workspace.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import FtzError
from ftz_cli.core.settings import RANK_RULES, Settings, UserConfig


def _settings_spec(field: Any) -> dict[str, dict[str, Any]]:
    """The sections of ``ftz.yaml`` and their fields' types (besides ``units``)."""
    return {
        "status": {"on_track_tolerance": field("number"), "behind_tolerance": field("number"),
                   "stale_days": field("int"), "due_soon_days": field("int"),
                   "outlook_likely": field("number"), "outlook_at_risk": field("number")},
        "report": {k: field(kind) for k, kind in (
            ("title", "str"), ("org", "str"), ("issue", "int"), ("to", "str"), ("cc", "str"),
            ("send", "str"), ("internal", "any"), ("copies", "int"), ("reference_doc", "str"), ("browser", "str"),
            ("templates", "str"), ("due_day", "int"), ("scoreboard", "any"), ("rank_by", "str"),
            ("confirm_done", "any"), ("escalate_after", "int"))},
        "remind": {"webhook": field("str"), "secret": field("str")},
    }


def read_settings(data: bytes, name: str, user_file: Callable[[], Path]) -> Settings:
    """The settings in ``data`` (the file ``name``), checked; ``user_file``: where this user's own
    settings are, named when ``ftz.yaml`` asks for what only they may set (E020)."""
    from ftz_cli.parse.schema import Checker, Field
    from ftz_cli.parse.units import read_units
    from ftz_cli.parse.yamlio import YMap, decode, load

    spec = _settings_spec(Field)
    text, problems = decode(data, name)
    tree, problems = load(text, name) if text is not None else (None, problems)
    if text is not None and tree is None and all(p.code == "E003" for p in problems):
        return Settings()  # only comments (every line deleted, as the file invites): defaults
    top_spec = {**{k: Field("map") for k in (*spec, "units")}, "sample": Field("bool"),
                "writer": Field("str"), "plan": Field("any")}  # plan: 2022 is a number to YAML
    check = Checker(name)
    check.diagnostics.extend(problems)
    values: dict[str, object] = {}
    where: dict[str, tuple[int, int]] = {}  # each setting's value in the file, for E404
    if isinstance(tree, YMap):
        top = check.fields(tree, top_spec, "设置文件", (1, 1))
        if top and top.get("sample") is not None:
            values["sample"] = top["sample"]
        if top and top.get("writer"):
            values["writer"] = top["writer"]
        if top and top.get("plan"):
            values["plan"] = str(top["plan"])
        for section, fields in spec.items():
            if top and top.get(section) is not None:
                got = check.fields(top[section], fields, section, tree.value_pos.get(section))
                values.update({k: v for k, v in (got or {}).items() if v is not None})
                where.update(getattr(top[section], "value_pos", {}))
        _no_programs(top, values, check, user_file)
        if top:
            values["units"] = read_units(top.get("units"), check, tree.value_pos.get("units"))
    elif text is not None and not problems:
        check.at("E110", (1, 1), "设置文件应为映射（字段: 值）")
    for flag, what in (("internal", "内部资料标记"), ("scoreboard", "简报是否列出报送情况通报"),
                        ("confirm_done", "已完成是否须经确认销号")):
        if not isinstance(values.get(flag, False), bool):
            check.at("E404", where.get(flag), f"{flag}（{what}）应为 true 或 false")
            values.pop(flag)
    values["places"] = tuple((k, *where[k]) for k in ("templates", "reference_doc") if values.get(k) and k in where)
    settings = Settings(**values)  # type: ignore[arg-type]
    _check_numbers(settings, check, where)
    if check.diagnostics:
        raise FtzError(check.diagnostics)
    return settings


def _check_reporting(settings: Settings, check: Any, at: Callable[..., tuple[int, int] | None]) -> None:
    if not 1 <= settings.due_day <= 28:
        check.at("E404", at("due_day"), f"due_day（每月报送截止日）应为 1 到 28 之间的整数，不能是 {settings.due_day}",
                 "例如 due_day: 5 表示每月5日前报送上月进展。")
    if not 1 <= settings.escalate_after <= 12:
        check.at("E404", at("escalate_after"), f"escalate_after（连续几期黄灯或红灯列入督办）应为 1 到 12 之间的整数，"
                 f"不能是 {settings.escalate_after}", "默认 2：连续两期简报亮黄灯或红灯的事项列入督办。")
    if settings.rank_by not in RANK_RULES:
        check.at("E404", at("rank_by"), f"rank_by（报送情况排名规则）不能是“{settings.rank_by}”",
                 "可用：on_time（按时报送率优先）、reported（报送率优先）。")


def _check_numbers(settings: Settings, check: Any, where: dict[str, tuple[int, int]]) -> None:
    """The settings' numbers within what they can mean (E404), each named at its line."""

    def at(*names: str) -> tuple[int, int] | None:
        # a rule over two settings points at the first of them the file sets
        return next((where[n] for n in names if n in where), None)

    if not 0 <= settings.on_track_tolerance <= settings.behind_tolerance <= 1:
        check.at("E404", at("on_track_tolerance", "behind_tolerance"),
                 "容差应满足 0 ≤ on_track_tolerance ≤ behind_tolerance ≤ 1")
    if not 0 < settings.outlook_at_risk <= settings.outlook_likely <= 10:
        check.at("E404", at("outlook_at_risk", "outlook_likely"),
                 "全年预期的界限应满足 0 < outlook_at_risk ≤ outlook_likely ≤ 10")
    if settings.stale_days < 1:
        check.at("E404", at("stale_days"), "stale_days 应为正整数")
    if not 0 <= settings.due_soon_days <= 3650:
        check.at("E404", at("due_soon_days"), "due_soon_days 应为 0 到 3650 之间的整数（天）")
    _check_reporting(settings, check, at)
    if settings.copies is not None and not 0 < settings.copies < 100000:
        check.at("E404", at("copies"), "copies（共印份数）应为正整数")
    if settings.issue is not None and settings.issue < 1:
        check.at("E404", at("issue"), "issue（期号）应为正整数")


def _no_programs(top: Any, values: dict[str, object], check: Any, user_file: Callable[[], Path]) -> None:
    """A workspace's settings travel in git: they may not name a program to run (issue 23)."""
    if values.pop("browser", None) is None:
        return
    where = top["report"].key_pos.get("browser") if hasattr(top.get("report"), "key_pos") else None
    check.at("E020", where, "ftz.yaml 不能指定浏览器（report.browser）：工作区随 git 在同事之间共享，"
             "其中的设置不能决定本机运行哪个程序",
             f"删去这一行；改用环境变量 FTZ_BROWSER，或写在本机的用户设置文件 {user_file()} 中（browser: 路径）。")


def read_user_config(data: bytes, path: Path) -> UserConfig:
    """This user's own settings file (``store/userconfig.py`` finds and reads it), checked."""
    from ftz_cli.parse.schema import Checker, Field
    from ftz_cli.parse.yamlio import load
    from ftz_cli.parse.ytree import YMap, decode

    text, problems = decode(data, str(path))
    tree, more = load(text, str(path)) if text is not None else (None, [])
    check = Checker(str(path))
    check.diagnostics.extend(problems + more)
    values: dict[str, str] = {}
    if isinstance(tree, YMap):
        got = check.fields(tree, {name: Field("str") for name in UserConfig._fields}, "用户设置文件", (1, 1))
        values = {k: v for k, v in (got or {}).items() if isinstance(v, str) and v.strip()}
    elif tree is not None:
        check.at("E404", (1, 1), "用户设置文件应为映射（字段: 值）")
    if check.diagnostics:
        raise FtzError(check.diagnostics)
    return UserConfig(**values)
