"""The message catalogue: every label offsetcalc shows people, in English and Japanese.

One place for the words of every rendering (terminal tables of ``compute``, ``check``
and ``stats``, Markdown, the HTML/PDF disclosure report and the batch overview), so a
translation is never missing in one output and present in another. Japanese uses the
terms of the Ministry of the Environment's carbon-offset scheme: オフセット率 (offset
ratio), 無効化 (retirement), 排出係数 (emission factor), 算定対象範囲 (boundary),
削減努力 (reduction efforts), オフセット実施者 (offsetter), 会議・イベント型 /
商品・サービス型 / 自己活動型 (the three kinds of offset).

- :data:`MESSAGES` — label key → ``{"en": …, "ja": …}``; :func:`text` formats one,
  :func:`labels` gives all of one language.
- :data:`RULE_TITLES_JA` — a Japanese title per rule ID. The English finding messages are
  built by the rule functions (offsetcalc.rules.checks) with their parameters and
  citations; under ``--lang ja`` reports show this title with the English message beside
  it as the original (原文), so a reader sees what was checked in Japanese and the exact
  detail as the rule wrote it.
- :data:`WARNINGS_JA` — the engine's warnings as (pattern, Japanese template) pairs.

tests/test_messages.py fails when a key lacks a language, a rule ID lacks a Japanese
title, or a template uses a label that is not here.
"""

from __future__ import annotations

import re
from functools import cache

LANGS = ("en", "ja")

MESSAGES: dict[str, dict[str, str]] = {
    # ---- compute: the result table, Markdown, the report's tables
    "activity": {"en": "Activity", "ja": "活動"},
    "activities": {"en": "Activities", "ja": "活動"},
    "group": {"en": "Group", "ja": "区分"},
    "quantity": {"en": "Quantity", "ja": "活動量"},
    "factor": {"en": "Factor", "ja": "排出係数"},
    "factor_value": {"en": "Factor value", "ja": "係数値"},
    "unit": {"en": "Unit", "ja": "単位"},
    "source": {"en": "Source", "ja": "出典"},
    "edition": {"en": "Edition", "ja": "版"},
    "validity": {"en": "Valid", "ja": "適用期間"},
    "confirmed": {"en": "Confirmed", "ja": "出典照合"},
    "t_co2e": {"en": "t-CO2e", "ja": "t-CO2"},
    "subtotal": {"en": "Subtotal", "ja": "小計"},
    "scope2_location": {"en": "Scope 2, location-based", "ja": "スコープ2（ロケーション基準）"},
    "scope2_market": {"en": "Scope 2, market-based", "ja": "スコープ2（マーケット基準）"},
    "scope2_used": {"en": "used in the total", "ja": "合計に使用"},
    "emissions": {"en": "Emissions", "ja": "排出量"},
    "credits": {"en": "Credits", "ja": "クレジット"},
    "credit": {"en": "Credit", "ja": "クレジット"},
    "project": {"en": "Project", "ja": "プロジェクト"},
    "status": {"en": "Status", "ja": "状態"},
    "ratio": {"en": "Offset ratio", "ja": "オフセット率"},
    "fully_offset": {"en": "Fully offset", "ja": "完全オフセット"},
    "shortfall": {"en": "Shortfall", "ja": "不足量"},
    "needed": {"en": "Credits still needed", "ja": "追加で必要なクレジット"},
    "per_unit": {"en": "Per functional unit", "ja": "機能単位あたり"},
    "gwp": {"en": "GWP set", "ja": "地球温暖化係数"},
    "warnings": {"en": "Warnings", "ja": "注意"},
    "warning": {"en": "Warning", "ja": "注意"},
    "table": {"en": "Factor table", "ja": "排出係数表"},
    "tables": {"en": "Factor tables", "ja": "排出係数表"},
    "yes": {"en": "yes", "ja": "はい"},
    "no": {"en": "no", "ja": "いいえ"},
    "total": {"en": "Total", "ja": "合計"},
    "planned": {"en": "planned", "ja": "無効化予定"},
    "retired": {"en": "retired", "ja": "無効化済"},
    "kind": {"en": "Kind", "ja": "類型"},
    "event": {"en": "event", "ja": "会議・イベント型"},
    "product": {"en": "product / service", "ja": "商品・サービス型"},
    "organization": {"en": "organization", "ja": "自己活動型"},
    "city": {"en": "city (GPC community inventory)", "ja": "区域（GPC）"},
    "unconfirmed": {"en": "unconfirmed", "ja": "未確認"},
    "offsetter": {"en": "Offsetter", "ja": "オフセット実施者"},
    "period": {"en": "Period", "ja": "対象期間"},
    "overrides": {"en": "Factor overrides", "ja": "係数の置き換え"},
    "whole_t": {"en": "t (whole credits)", "ja": "t（1t単位）"},
    "inline": {"en": "inline", "ja": "直接指定"},
    # ---- the disclosure report (HTML / PDF)
    "report_title": {"en": "Carbon offset disclosure", "ja": "カーボン・オフセット情報開示書"},
    "title": {"en": "Title", "ja": "名称"},
    "standard": {"en": "Standard", "ja": "認証基準"},
    "no_standard": {"en": "none given", "ja": "指定なし"},
    "verdict": {"en": "Verdict", "ja": "判定"},
    "verdict_pass": {"en": "pass", "ja": "適合"},
    "verdict_fail": {"en": "fail", "ja": "不適合"},
    "verdict_error": {"en": "error", "ja": "判定不能"},
    "input_sha256": {"en": "Input file SHA-256", "ja": "入力ファイルのSHA-256"},
    "input_file": {"en": "Input file", "ja": "入力ファイル"},
    "version": {"en": "offsetcalc version", "ja": "offsetcalcのバージョン"},
    "produced": {"en": "Produced", "ja": "作成日"},
    "summary": {"en": "Summary", "ja": "概要"},
    "boundary": {"en": "Boundary", "ja": "算定対象範囲"},
    "included": {"en": "Included", "ja": "算定対象"},
    "excluded": {"en": "Excluded", "ja": "算定対象外"},
    "reason": {"en": "Reason", "ja": "理由"},
    "no_exclusions": {"en": "No source is excluded.", "ja": "算定対象外とした排出源はありません。"},
    "description": {"en": "Description", "ja": "内容"},
    "emission_sources": {"en": "Emission sources", "ja": "排出源"},
    "gwp_source": {"en": "GWP source", "ja": "地球温暖化係数の出典"},
    "retired_credits": {"en": "Retired credits", "ja": "無効化済みクレジット"},
    "planned_credits": {"en": "Planned credits", "ja": "無効化予定クレジット"},
    "no_credits": {"en": "None.", "ja": "なし。"},
    "type": {"en": "Type", "ja": "種類"},
    "registry": {"en": "Registry", "ja": "登録簿"},
    "vintage": {"en": "Vintage", "ja": "発行年度"},
    "serials": {"en": "Serial numbers", "ja": "シリアル番号"},
    "units": {"en": "units", "ja": "番"},
    "retired_on": {"en": "Retired on", "ja": "無効化日"},
    "beneficiary": {"en": "Beneficiary", "ja": "受益者"},
    "evidence": {"en": "Evidence", "ja": "無効化の証憑"},
    "counted": {"en": "counted", "ja": "算入"},
    "not_counted": {"en": "not counted (not a plan registration)", "ja": "算入せず（計画登録ではない）"},
    "offset": {"en": "Offset", "ja": "オフセット"},
    "reduction_plan": {"en": "Reduction plan", "ja": "削減努力（削減計画）"},
    "no_reduction_plan": {"en": "The file gives no reduction plan.", "ja": "削減計画の記載はありません。"},
    "measures": {"en": "Measures", "ja": "削減対策"},
    "targets": {"en": "Targets", "ja": "削減目標"},
    "target_year": {"en": "Year", "ja": "目標年"},
    "baseline_year": {"en": "Baseline year", "ja": "基準年"},
    "reduction_percent": {"en": "Reduction", "ja": "削減率"},
    "findings": {"en": "Findings", "ja": "指摘事項"},
    "no_findings": {"en": "No findings.", "ja": "指摘事項はありません。"},
    "rule": {"en": "Rule", "ja": "規則"},
    "severity": {"en": "Severity", "ja": "重要度"},
    "severity_error": {"en": "error", "ja": "エラー"},
    "severity_warning": {"en": "warning", "ja": "警告"},
    "severity_info": {"en": "info", "ja": "情報"},
    "location": {"en": "Location", "ja": "箇所"},
    "message": {"en": "Message", "ja": "内容"},
    "original": {"en": "Original", "ja": "原文"},
    "citation": {"en": "Citation", "ja": "根拠"},
    "sha256": {"en": "SHA-256", "ja": "SHA-256"},
    "charts": {"en": "Charts", "ja": "グラフ"},
    "chart_by_group": {"en": "Emissions by group", "ja": "区分別の排出量"},
    "chart_by_activity": {"en": "Emissions by activity", "ja": "活動別の排出量"},
    "chart_credits": {"en": "Credits by type and vintage", "ja": "種類・発行年度別のクレジット"},
    "chart_balance": {"en": "Emissions against credits", "ja": "排出量とクレジット"},
    "more_bars": {"en": "{n} more", "ja": "ほか {n} 件"},
    "chart_empty": {"en": "Nothing to chart.", "ja": "グラフにする値がありません。"},
    "rows": {"en": "rows", "ja": "行"},
    "from_table": {"en": "from table", "ja": "表から"},
    "product_units": {"en": "Units covered", "ja": "対象数量"},
    "functional_unit": {"en": "Functional unit", "ja": "機能単位"},
    "page": {"en": "Page", "ja": "ページ"},
    "generated_by": {"en": "Generated by offsetcalc", "ja": "offsetcalcで作成"},
    "contents": {"en": "Contents", "ja": "目次"},
    # ---- check: terminal, and the batch overview (HTML)
    "batch_title": {"en": "Certification check", "ja": "認証審査の結果"},
    "files": {"en": "Files", "ja": "ファイル数"},
    "file": {"en": "File", "ja": "ファイル"},
    "errors": {"en": "Errors", "ja": "エラー"},
    "warnings_count": {"en": "Warnings", "ja": "警告"},
    "verdict_counts": {"en": "Verdicts", "ja": "判定の内訳"},
    "double_claims": {"en": "Double claims", "ja": "二重使用"},
    "no_double_claims": {"en": "No double claims found.", "ja": "二重使用は見つかりませんでした。"},
    "ledger": {"en": "Ledger", "ja": "台帳"},
    "ledger_line": {
        "en": "ledger {path}: {recorded} submissions recorded, {double} double claims, {other} claims of credits "
        "the registry shows retired for someone else, {blocks} blocks held",
        "ja": "台帳 {path}: 記録した申請 {recorded} 件、二重使用 {double} 件、登録簿で他者のために無効化された"
        "クレジットの使用 {other} 件、保有ブロック {blocks} 件",
    },
    "files_summary": {
        "en": "{files} files: {passed} pass, {failed} fail, {errored} error",
        "ja": "{files} 件: 適合 {passed} 件、不適合 {failed} 件、判定不能 {errored} 件",
    },
    "sources_legend": {"en": "sources:", "ja": "根拠:"},
    "more_findings": {
        "en": "… findings of {n} more files: use --format json, csv or markdown",
        "ja": "… ほか {n} 件のファイルの指摘事項は --format json, csv, markdown で確認してください",
    },
    "not_listed": {
        "en": "({n} files not listed: every one of them passed)",
        "ja": "（一覧にない {n} 件はすべて適合）",
    },
    "per_file": {"en": "Files and findings", "ja": "ファイル別の指摘事項"},
    "back_to_summary": {"en": "back to the summary", "ja": "概要へ戻る"},
    # ---- stats
    "submissions_head": {"en": "{n} submissions", "ja": "申請 {n} 件"},
    "submissions_detail": {
        "en": " ({passed} pass, {failed} fail, {errored} error; {computed} counted: {counted})",
        "ja": "（適合 {passed} 件、不適合 {failed} 件、判定不能 {errored} 件。集計 {computed} 件: {counted}）",
    },
    "counted_all": {"en": "all verdicts", "ja": "すべての判定"},
    "counted_verdict": {"en": "verdict {verdict}", "ja": "判定が「{verdict}」のもの"},
    "double_claims_not_counted": {"en": "{n} double claims not counted:", "ja": "二重使用 {n} 件（集計に含めず）:"},
    "stats_totals": {
        "en": "emissions {emissions} t-CO2e · retired {retired} t-CO2e",
        "ja": "排出量 {emissions} t-CO2 · 無効化済 {retired} t-CO2",
    },
    "stats_planned": {"en": " · planned {planned} t-CO2e", "ja": " · 無効化予定 {planned} t-CO2"},
    "by_credit_type": {"en": "By credit type", "ja": "クレジットの種類別"},
    "by_kind": {"en": "By kind", "ja": "類型別"},
    "by_standard": {"en": "By standard", "ja": "認証基準別"},
    "by_industry": {"en": "By industry", "ja": "業種別"},
    "credit_type": {"en": "Credit type", "ja": "クレジットの種類"},
    "industry": {"en": "Industry", "ja": "業種"},
    "retired_t": {"en": "Retired t", "ja": "無効化済 t"},
    "planned_t": {"en": "Planned t", "ja": "無効化予定 t"},
    "share": {"en": "Share", "ja": "割合"},
    "not_counted_files": {"en": "{n} files not counted:", "ja": "集計できなかったファイル {n} 件:"},
}

#: rule ID → what it checks, in Japanese (the English is offsetcalc.rules.catalogue.RULES).
RULE_TITLES_JA: dict[str, str] = {
    "file.invalid": "ファイルを読み込み、検証し、算定できること",
    "file.missing": "指定したパスが存在し、読み込めること",
    "file.none": "指定したフォルダ・パターンに申請ファイルがあること",
    "file.unreadable": "一括検査でたどるフォルダが読み取れること（読めないフォルダは結果に残す）",
    "standard.unknown": "読み込める認証基準が指定されていること",
    "standard.not-builtin": "（警告）認証基準が組み込みではなくプロファイルファイルであること（弱めたコア規則を示す）",
    "emissions.none": "オフセットする排出量があること（0 t-CO2e は何もオフセットしない）",
    "kind.not-covered": "認証基準がこの類型（会議・イベント型／商品・サービス型／自己活動型）を対象とすること",
    "period.missing": "対象期間が記載されていること",
    "offset.ratio-below-100": "クレジットが排出量の全量をオフセットすること（オフセット率100%以上）",
    "credits.eligible-type": "クレジットの種類が認証基準で認められたものであること",
    "credits.usable-until": "使用期限のあるクレジットが期限内に無効化されていること",
    "credits.excluded-project": "認証基準が認めないプロジェクト種別のクレジットでないこと",
    "credits.project-missing": "除外プロジェクト種別のある種類のクレジットはプロジェクト名を記載すること",
    "credits.serial-syntax": "シリアル番号がブロック {prefix, start, end} または読み取れる登録簿の番号であること",
    "credits.serial-type": "登録簿のシリアル番号がクレジットの種類と一致すること",
    "credits.serial-missing": "無効化したクレジットのシリアル番号が記載され、二重使用を確認できること",
    "credits.block-size": "シリアル番号のブロックがクレジット量と一致すること（終了−開始＋1）",
    "credits.whole-units": "クレジット量が1t単位であること（1クレジット＝1t-CO2）",
    "credits.serial-overlap": "申請内で同じクレジットが重複して記載されていないこと",
    "credits.retirement-date": "無効化日が記載され、将来の日付でないこと",
    "credits.retired-evidence": "無効化の証憑（無効化通知、登録簿の記録）が記載されていること",
    "credits.retired-within-12-months": "対象期間の終了後、定められた月数以内に無効化されていること",
    "credits.future-issuance": "発行年度が無効化より後のクレジット（事前発行）でないこと",
    "credits.vintage": "発行年度が読み取れ、認められる範囲より古くないこと",
    "credits.planned-outside-plan": "無効化予定のクレジットは計画登録でのみ記載すること",
    "plan.registration-unsupported": "計画登録のある認証基準でのみ plan_registration: true とすること",
    "plan.planned-credits": "計画登録では無効化予定と無効化済みのクレジットを分けて示すこと（情報）",
    "plan.reduction-missing": "削減努力（削減計画）が記載されていること",
    "plan.reduction-incomplete": "削減計画に削減対策と削減目標が記載されていること",
    "boundary.missing-source": "認証基準が求める排出源が算定対象範囲に含まれるか、理由を付して除外されていること",
    "boundary.unknown-exclusion": "算定対象外とした排出源が認証基準の算定対象範囲にあるものであること",
    "gwp.profile-default": "地球温暖化係数が認証基準の既定値によること（情報）",
    "credits.none": "クレジット（無効化済み、または計画登録では無効化予定）によりオフセットしていること",
    "credits.allocation-exceeds": "割り当てた量が提供者の無効化量を超えないこと",
    "factors.outside-validity": "排出係数が対象期間に適用される版であること",
    "factors.unconfirmed": "排出係数が出典と照合されていること（未照合は警告）",
    "factors.unsourced": "直接指定の排出係数が実在の出典を示していること（'illustrative'、'TBD' などは不可）",
    "factors.superseded": "新しい版が適用される期間に、適用期間の終わりのない旧い排出係数を使っていないこと",
    "factors.overridden": "（警告）利用者の係数表（--factors）の係数が組み込みの係数に代わって使われていること",
    "gpc.cell-missing": "宣言したレベル（BASIC / BASIC+）が求めるGPCの各区分に値または表記キーがあること",
    "gpc.key-explanation": "各表記キー（NO / IE / NE / C）に説明があること",
    "gpc.ie-included-in": "IE キーが計上先の区分（included_in）を示し、その区分に値があること",
    "gpc.value-and-key": "GPCの区分に値と表記キー、または二つの表記キーが併記されていないこと",
    "gpc.not-estimated": "宣言したレベルが求める区分が NE（未推計）または C（秘匿）であること（警告）",
    "gpc.period-12-months": "区域の排出量が連続する12か月を対象とすること",
    "gpc.grid-factor-scope1": "スコープ1の区分に系統電力の排出係数を使っていないこと（系統電力はスコープ2。二重計上）",
    "gpc.grid-supply-fuel": "系統へ供給するエネルギーの発電用燃料は I.4.4 にのみ計上すること",
    "gpc.claim-not-estimated": "区域のカーボン・ニュートラル宣言のレベルに NE・C の区分がないこと（排出量が不明）",
    "gpc.claim-ratio": "区域のカーボン・ニュートラル宣言でクレジットが宣言したレベルの合計を賄うこと",
    "internal.error": "offsetcalc 内部のエラー（不具合。判定不能）",
    "internal.crash": "offsetcalc のプロセスが異常終了した（不具合。判定不能）",
    "ledger.double-claim": "他の申請が使用したクレジットを重ねて使用していないこと（二重使用）",
    "ledger.retired-for-other": "登録簿で他者のために無効化されたクレジットでないこと",
}

#: Rules the batch and the ledger add (not in the profile catalogue, still shown to people).
BATCH_RULES = ("internal.crash", "ledger.double-claim", "ledger.retired-for-other")

#: The engine's warnings (English, built with parameters) → Japanese templates of the same groups.
WARNINGS_JA: tuple[tuple[str, str], ...] = (
    (
        r"factor '(?P<ref>.*)' \((?P<table>.*)\) is not confirmed against its source",
        "排出係数 '{ref}'（{table}）は出典と照合されていません",
    ),
    (
        r"factor '(?P<ref>.*)' \((?P<edition>.*)\) is valid (?P<span>.*), not on (?P<day>.*); used anyway",
        "排出係数 '{ref}'（{edition}）の適用期間は {span} で、{day} は期間外ですが使用しました",
    ),
    (
        r"factor '(?P<ref>.*)' has several editions and the file has no period; used the newest \((?P<edition>.*)\)",
        "排出係数 '{ref}' には複数の版があり、対象期間の記載がないため最新の版（{edition}）を使用しました",
    ),
    (
        r"no edition of '(?P<ref>.*)' is valid on (?P<day>.*); used (?P<edition>.*)",
        "排出係数 '{ref}' には {day} に有効な版がないため {edition} を使用しました",
    ),
    (
        r"planned credits are not counted: this file is not a plan registration \(plan_registration: true\)",
        "計画登録（plan_registration: true）ではないため、無効化予定のクレジットは算入していません",
    ),
    (
        r"the file lists no activities, so there are no emissions to offset",
        "活動の記載がないため、オフセットする排出量がありません",
    ),
    (
        r"table (?P<table>.*) has no data rows \(only a header\): it adds nothing to the totals",
        "表 {table} にはデータ行がなく（見出しのみ）、合計に加わりません",
    ),
    (
        r"(?P<n>[\d,]+) rows of (?P<table>.*) are dated outside the period (?P<start>\S+) – (?P<end>\S+) "
        r"\(first: row (?P<row>\d+)\); they are counted",
        "表 {table} の {n} 行は対象期間 {start} – {end} の外の日付です（最初は {row} 行目）。算入しています",
    ),
)


def text(key: str, lang: str = "en", /, **params: object) -> str:
    """The label ``key`` in ``lang`` (English for an unknown language), formatted with ``params``."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**params) if params else template


@cache
def labels(lang: str) -> dict[str, str]:
    """Every label of one language (English for an unknown one): ``labels('ja')['ratio']``."""
    lang = lang if lang in LANGS else "en"
    return {key: entry[lang] for key, entry in MESSAGES.items()}


def rule_title(rule: str, lang: str = "en") -> str:
    """What ``rule`` checks, in ``lang``; the rule ID itself when offsetcalc has no title for it."""
    if lang == "ja" and rule in RULE_TITLES_JA:
        return RULE_TITLES_JA[rule]
    from offsetcalc.rules.catalogue import RULES

    return RULES.get(rule, rule)


@cache
def _warning_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), ja) for p, ja in WARNINGS_JA)


def warning_text(message: str, lang: str = "en") -> str:
    """An engine warning in ``lang``; a warning without a Japanese template stays English."""
    if lang != "ja":
        return message
    for pattern, template in _warning_patterns():
        m = pattern.fullmatch(message)
        if m:
            return template.format(**m.groupdict())
    return message


def kind_text(kind: str, lang: str = "en") -> str:
    """event / product / organization as the scheme names them (会議・イベント型 …)."""
    return text(kind, lang) if kind in MESSAGES else kind


#: The subtotal groups offsetcalc itself names (engine.compute.group_label); users' own
#: categories and stages are shown as written.
GROUPS_JA = {
    "scope 1": "スコープ1",
    "scope 2": "スコープ2",
    "scope 3": "スコープ3",
    "unscoped": "スコープ未設定",
    "other": "その他",
}


def group_text(group: str, lang: str = "en") -> str:
    """A subtotal group in ``lang``: 'scope 2' → 'スコープ2'; a user's own category unchanged."""
    return GROUPS_JA.get(group, group) if lang == "ja" else group


def verdict_text(verdict: str, lang: str = "en") -> str:
    key = f"verdict_{verdict}"
    return text(key, lang) if key in MESSAGES else verdict


def severity_text(severity: str, lang: str = "en") -> str:
    key = f"severity_{severity}"
    return text(key, lang) if key in MESSAGES else severity
