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
from dataclasses import dataclass
from functools import cache
from typing import Any

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
    "scope2_by": {"en": "chosen by", "ja": "選択元"},
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
    # ---- the report's GPC section (city inventories)
    "gpc_table": {"en": "GPC reporting table", "ja": "GPC 報告表"},
    "gpc_level_claimed": {"en": "Level claimed", "ja": "報告レベル"},
    "gpc_levels_met": {"en": "levels met", "ja": "満たしているレベル"},
    "gpc_subsector": {"en": "Sub-sector", "ja": "サブセクター"},
    "gpc_sector": {"en": "Sub-sector", "ja": "部門"},
    "gpc_claimed_level": {"en": "claimed level", "ja": "報告レベル"},
    "gpc_levels_met_line": {"en": "levels met", "ja": "満たすレベル"},
    "gpc_none": {"en": "none", "ja": "なし"},
    "gpc_by_gas": {"en": "by gas", "ja": "ガス別"},
    "gpc_co2e_only": {"en": "CO2e without gases", "ja": "ガス別の内訳のない CO2 換算量"},
    "gpc_biogenic": {"en": "biogenic CO2 (not in any total)", "ja": "生物起源CO2（合計に含めない）"},
    "gpc_scope1": {"en": "Scope 1", "ja": "スコープ1"},
    "gpc_scope2": {"en": "Scope 2", "ja": "スコープ2"},
    "gpc_scope3": {"en": "Scope 3", "ja": "スコープ3"},
    "gpc_units": {
        "en": "Figures in t-CO2e. Empty: the GPC has no such cell.",
        "ja": "単位は t-CO2。空欄は GPC に該当する区分がないことを示します。",
    },
    "gpc_notation_keys": {"en": "Notation keys", "ja": "注釈記号"},
    "gpc_key": {"en": "Key", "ja": "記号"},
    "gpc_explanation": {"en": "Explanation", "ja": "説明"},
    "gpc_included_in": {"en": "Included in", "ja": "計上先"},
    "gpc_key_legend": {
        "en": "NO: not occurring; IE: included elsewhere; NE: not estimated; C: confidential; "
        "missing: neither a figure nor a key.",
        "ja": "NO: 発生しない、IE: 他の区分に計上、NE: 未推計、C: 秘匿、missing: 数値も記号もない。",
    },
    "gpc_table_source": {"en": "GPC cell table", "ja": "GPC の区分表"},
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
    # ---- factors show / diff (report/factors_terminal.py)
    "fshow_id": {"en": "ID", "ja": "ID"},
    "fshow_name": {"en": "Name", "ja": "名称（英語）"},
    "fshow_name_ja": {"en": "Name (ja)", "ja": "名称"},
    "fshow_category": {"en": "Category", "ja": "区分"},
    "fshow_value": {"en": "Value", "ja": "係数値"},
    "fshow_unit": {"en": "Unit", "ja": "単位"},
    "fshow_gas": {"en": "Gas", "ja": "ガス"},
    "fshow_gases": {"en": "Gases", "ja": "ガス別の値"},
    "fshow_derivation": {"en": "Derivation", "ja": "算出根拠"},
    "fshow_valid_from": {"en": "Valid from", "ja": "適用開始"},
    "fshow_valid_to": {"en": "Valid to", "ja": "適用終了"},
    "fshow_confirmed": {"en": "Confirmed", "ja": "出典照合"},
    "fshow_edition": {"en": "Edition", "ja": "版"},
    "fshow_source": {"en": "Source", "ja": "出典"},
    "fshow_note": {"en": "Note", "ja": "注記"},
    "fshow_table": {"en": "Table", "ja": "排出係数表"},
    "fshow_table_title": {"en": "Table title", "ja": "排出係数表の表題"},
    "fshow_file": {"en": "File", "ja": "ファイル"},
    "fshow_sha256": {"en": "sha256", "ja": "sha256"},
    "fshow_yes": {"en": "yes", "ja": "はい"},
    "fshow_no": {"en": "no (not confirmed against the source)", "ja": "いいえ（出典と照合されていません）"},
    "fdiff_identical": {
        "en": "identical: no factor added, removed or changed",
        "ja": "同一: 追加・削除・変更された排出係数はありません",
    },
    "fdiff_valid_from": {"en": "Valid from", "ja": "適用開始"},
    "fdiff_old": {"en": "Old", "ja": "旧"},
    "fdiff_new": {"en": "New", "ja": "新"},
    "fdiff_change": {"en": "Change", "ja": "変化率"},
    "fdiff_what": {"en": "What changed", "ja": "変更された項目"},
    "fdiff_added": {"en": "added", "ja": "追加"},
    "fdiff_removed": {"en": "removed", "ja": "削除"},
    "fdiff_summary": {
        "en": "{added} added, {removed} removed, {changed} changed",
        "ja": "追加 {added} 件、削除 {removed} 件、変更 {changed} 件",
    },
    # ---- ledger list (the block table)
    "ledger_prefix": {"en": "Prefix", "ja": "プレフィックス"},
    "ledger_units": {"en": "Units", "ja": "ユニット番号"},
    "ledger_retired": {"en": "Retired", "ja": "無効化日"},
    "ledger_source": {"en": "Source", "ja": "記録元"},
    "ledger_blocks_total": {"en": "{blocks} blocks, {total} t-CO2e", "ja": "{blocks} ブロック、{total} t-CO2"},
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
    # ---- citations (offsetcalc.rules.profile.Profile.cite builds them in English for JSON)
    "cite_source": {"en": "[source: {text}]", "ja": "[出典: {text}]"},
    "cite_policy": {"en": "[offsetcalc's own policy: {text}]", "ja": "[offsetcalc 独自の方針: {text}]"},
    "cite_unconfirmed": {"en": " (unconfirmed: {note})", "ja": "（未確認: {note}）"},
    "cite_unseen": {"en": "not yet seen in the source", "ja": "出典でまだ確認していません"},
    # ---- check --format markdown / junit
    "md_title": {"en": "offsetcalc check", "ja": "offsetcalc 認証審査"},
    "md_ratio": {"en": "Offset ratio", "ja": "オフセット率"},
    "md_ledger": {
        "en": "Ledger {path}: {recorded} submissions accepted, {rejected} rejected, {double} double claims, "
        "{other} claims of credits the registry shows retired for someone else, {blocks} blocks held.",
        "ja": "台帳 {path}: 受理した申請 {recorded} 件、受理しなかった申請 {rejected} 件、二重使用 {double} 件、"
        "登録簿で他者のために無効化されたクレジットの使用 {other} 件、保有ブロック {blocks} 件。",
    },
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
    "credits.unit-overlap": "（警告）申請内の2つのクレジットが、異なるシリアルで同じ Verra の単位番号を"
    "記載していないこと（登録簿全体での番号付けは推定であり未確認）",
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
    "table.rows-outside-period": "activities_from の表の行の日付が対象期間内であること（期間外の行も算入し、報告する）",
    "product.units-count": "機能単位が個数のとき、商品の数量が 1 以上の整数であること（警告）",
    "quantity.plain-number": "活動量の単位の中に活動量を拡大・縮小する数値がないこと（警告）",
    "factors.method-fuel": "算定方法の燃料の排出係数がその燃料のものであること"
    "（改良トンキロ法の軽油トラックには軽油の係数）",
    "scope2.location-factor-low": "スコープ2の location_factor が対象期間の全国平均係数を下回らないこと"
    "（ロケーション基準は供給事業者の係数ではなく系統平均の係数による）（警告）",
    "boundary.zero-source": "認証基準が求める排出源が活動量 0 の活動だけで示されていないこと"
    "（算定するものがない排出源は理由を付して除外する）",
    "boundary.unknown-exclusion": "算定対象外とした排出源が認証基準の算定対象範囲にあるものであること",
    "gwp.set-differs": "ファイルが認証基準の対象期間の地球温暖化係数（定めがなければ offsetcalc の既定 AR5）と"
    "異なる係数を選んだ場合、その係数による合計とオフセット率を示し、オフセットの完了は両方で成り立つこと（それ以外は警告）",
    "gwp.profile-default": "地球温暖化係数が認証基準の既定値によること（情報）",
    "credits.beneficiary-other": "クレジットの受益者がオフセット実施者（または割当ての提供者）であること。"
    "他者のために無効化されたクレジットではオフセットできない",
    "scope2.method-differs": "自己活動のオフセット率が認証基準のスコープ2算定方法（ロケーション基準／"
    "マーケット基準）によること。ファイルまたはコマンドラインで別の方法を選んだ場合は、もう一方の方法による値を示し、"
    "オフセットの完了は両方の方法で成り立つこと",
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
    "ledger.key-collision": "台帳の同じキー（--root からの相対パス）の別の提出を置き換えないこと",
    "ledger.unit-overlap": "（警告）他の提出または登録簿のエクスポートが別のシリアルで記録した Verra の単位番号を"
    "使用していないこと（登録簿全体での番号付けは推定であり未確認）",
}

#: Rules the batch and the ledger add (not in the profile catalogue, still shown to people).
BATCH_RULES = (
    "internal.crash",
    "ledger.double-claim",
    "ledger.retired-for-other",
    "ledger.key-collision",
    "ledger.unit-overlap",
)

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
        r"product units: (?P<units>.*) of the functional unit '(?P<fu>.*)', which is a count: the (?P<n>\d+) "
        r"per-unit activities \(first: '(?P<first>.*)'\) count (?P=units) times; write the number of units made "
        r"or sold \(a whole number\)",
        "商品の数量: 機能単位 '{fu}' は個数ですが、数量が {units} です。単位あたりの活動 {n} 件（最初は "
        "'{first}'）は {units} 倍として算入されます。製造・販売した数（整数）を記載してください",
    ),
    (
        r"activity '(?P<id>.*)': a plain number in the quantity '(?P<written>.*)' scales it by (?P<factor>.*); "
        r"write the quantity itself if that is meant",
        "活動 '{id}': 活動量 '{written}' の中の数値が活動量を {factor} 倍にしています。"
        "意図したものなら、その値を活動量として記載してください",
    ),
    (
        r"activity '(?P<id>.*)': a plain number in the factor's unit '(?P<unit>.*)' scales the factor by "
        r"(?P<factor>.*); write the factor's value itself if that is meant",
        "活動 '{id}': 排出係数の単位 '{unit}' の中の数値が排出係数を {factor} 倍にしています。"
        "意図したものなら、その値を係数の値として記載してください",
    ),
    (
        r"table (?P<table>.*): a plain number in the factor unit '(?P<unit>.*)' \((?P<n>\d+) rows\) scales each "
        r"row's factor by (?P<factor>.*); write the factor values themselves if that is meant",
        "表 {table}: 係数の単位 '{unit}'（{n} 行）の中の数値が各行の排出係数を {factor} 倍にしています。"
        "意図したものなら、その値を係数の値として記載してください",
    ),
    (
        r"credit (?P<n>\d+): a plain number in the quantity '(?P<written>.*)' scales it by (?P<factor>.*); "
        r"write the number of credits itself",
        "クレジット {n} 件目: 数量 '{written}' の中の数値が数量を {factor} 倍にしています。"
        "クレジットの数量そのものを記載してください",
    ),
    (
        r"table (?P<table>.*): a plain number in the unit '(?P<unit>.*)' \((?P<n>\d+) rows\) scales each row's "
        r"quantity by (?P<factor>.*); write the quantities themselves if that is meant",
        "表 {table}: 単位 '{unit}'（{n} 行）の中の数値が各行の活動量を {factor} 倍にしています。"
        "意図したものなら、その値を活動量として記載してください",
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
    (
        r"notation key (?P<key>\S+) for (?P<ref>\S+) has no explanation",
        "区分 {ref} の注記記号 {key} に説明がありません",
    ),
    (
        r"the inventory does not meet (?P<level>\S+): no value or notation key for (?P<refs>.*)",
        "インベントリは {level} を満たしていません。値も注記記号もない区分: {refs}",
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


# --------------------------------------------------------------------------- finding messages

#: The finding messages of the rule functions (offsetcalc.rules.checks), word for word in both
#: languages. A rule builds a :class:`Msg` (key + parameters); the English text, which the JSON
#: report carries (SPEC §4), is rendered from the ``en`` template and the Japanese from ``ja``.
#: Keys starting with a rule ID are that rule's messages; the others are parts a message embeds
#: (a :class:`Msg` as a parameter is rendered in the same language). Values are formatted by the
#: rule (tonnes, ratios, dates) before they get here, so both languages show the same figures.
FINDINGS: dict[str, dict[str, str]] = {
    "kind.not-covered": {
        "en": "{profile} does not certify kind '{kind}' (it certifies: {kinds})",
        "ja": "{profile} は類型 '{kind}' を認証の対象としていません（対象: {kinds}）",
    },
    "period.missing": {
        "en": "the file gives no 'period: {{start, end}}'; date rules cannot be checked",
        "ja": "ファイルに対象期間 'period: {{start, end}}' がないため、日付に関する規則を確認できません",
    },
    "offset.ratio-below-100": {
        "en": "credits cover {ratio} of emissions ({credits} of {emissions} t-CO2e); {needed} t more would offset all",
        "ja": "クレジットは排出量の {ratio} をオフセットしています（{emissions} t-CO2 のうち {credits}）。"
        "全量をオフセットするには、あと {needed} t 必要です",
    },
    "plan.registration-unsupported": {
        "en": "{profile} has no plan registration; 'plan_registration: true' is not accepted",
        "ja": "{profile} には計画登録の制度がないため、'plan_registration: true' は認められません",
    },
    "plan.planned-credits": {
        "en": "plan registration: {planned} t-CO2e planned (無効化予定), {retired} t-CO2e already retired",
        "ja": "計画登録: 無効化予定 {planned} t-CO2、無効化済み {retired} t-CO2",
    },
    "plan.reduction-missing": {
        "en": "no 'reduction_plan:' (削減努力 / emissions-management plan: description, measures, targets)",
        "ja": "削減努力の計画 'reduction_plan:'（内容・対策・目標）がありません",
    },
    "plan.reduction-incomplete": {
        "en": "the reduction plan lists no {missing}",
        "ja": "削減努力の計画に{missing}が記載されていません",
    },
    "plan.missing.measures": {"en": "measures", "ja": "対策"},
    "plan.missing.targets": {"en": "targets", "ja": "目標"},
    "plan.missing.both": {"en": "measures and no targets", "ja": "対策も目標も"},
    "boundary.unknown-exclusion.no-sources": {
        "en": "exclusion '{source}': {profile} lists no required sources for kind '{kind}'",
        "ja": "算定対象外 '{source}': {profile} は類型 '{kind}' の必須排出源を定めていません",
    },
    "boundary.unknown-exclusion": {
        "en": "exclusion '{source}' is not an emission source of {profile} for kind '{kind}' ({ids}){hint}",
        "ja": "算定対象外 '{source}' は {profile} の類型 '{kind}' の排出源ではありません（{ids}）{hint}",
    },
    "hint.did-you-mean": {"en": "; did you mean {names}?", "ja": "。{names} の誤りではありませんか"},
    "boundary.missing-source": {
        "en": "{kind} boundary lacks '{id}' — {name}: no activity with {how}; "
        "include it, or list it under 'exclusions:' with a reason",
        "ja": "{kind} の算定対象範囲に '{id}'（{name}）がありません: {how}の活動がありません。"
        "算定対象に含めるか、理由を付けて 'exclusions:' に記載してください",
    },
    "product.units-count": {
        "en": "product units: {units} of the functional unit '{fu}', which is a count: the {n} per-unit activities "
        "(first: '{first}') count {units} times; write the number of units made or sold (a whole number)",
        "ja": "商品の数量: 機能単位 '{fu}' は個数ですが、数量が {units} です。単位あたりの活動 {n} 件（最初は "
        "'{first}'）は {units} 倍として算入されます。製造・販売した数（整数）を記載してください",
    },
    "quantity.plain-number": {
        "en": "activity '{id}': a plain number in the quantity '{written}' scales it by {factor}; "
        "write the quantity itself if that is meant",
        "ja": "活動 '{id}': 活動量 '{written}' の中の数値が活動量を {factor} 倍にしています。"
        "意図したものなら、その値を活動量として記載してください",
    },
    "quantity.plain-number.factor": {
        "en": "activity '{id}': a plain number in the factor's unit '{unit}' scales the factor by {factor}; "
        "write the factor's value itself if that is meant",
        "ja": "活動 '{id}': 排出係数の単位 '{unit}' の中の数値が排出係数を {factor} 倍にしています。"
        "意図したものなら、その値を係数の値として記載してください",
    },
    "quantity.plain-number.table-factor": {
        "en": "table {table}: a plain number in the factor unit '{unit}' ({n} rows) scales each row's factor by "
        "{factor}; write the factor values themselves if that is meant",
        "ja": "表 {table}: 係数の単位 '{unit}'（{n} 行）の中の数値が各行の排出係数を {factor} 倍にしています。"
        "意図したものなら、その値を係数の値として記載してください",
    },
    "quantity.plain-number.credit": {
        "en": "credit {n}: a plain number in the quantity '{written}' scales it by {factor}; "
        "write the number of credits itself",
        "ja": "クレジット {n} 件目: 数量 '{written}' の中の数値が数量を {factor} 倍にしています。"
        "クレジットの数量そのものを記載してください",
    },
    "quantity.plain-number.table": {
        "en": "table {table}: a plain number in the unit '{unit}' ({n} rows) scales each row's quantity by "
        "{factor}; write the quantities themselves if that is meant",
        "ja": "表 {table}: 単位 '{unit}'（{n} 行）の中の数値が各行の活動量を {factor} 倍にしています。"
        "意図したものなら、その値を活動量として記載してください",
    },
    "table.rows-outside-period": {
        "en": "{n} rows of {table} are dated outside the period {start} – {end} (first: row {row}); they are "
        "counted: make sure they are this period's emissions",
        "ja": "表 {table} の {n} 行は対象期間 {start} – {end} の外の日付です（最初は {row} 行目）。"
        "算入していますが、この期間の排出量であることを確認してください",
    },
    "factors.method-fuel.builtin": {
        "en": "activity '{id}': the improved ton-kilo method for {fuel} trucks gives litres of {fuel}, but "
        "fuel_factor '{ref}' is another fuel's factor, not '{own}'; remove fuel_factor or name {fuel}'s factor",
        "ja": "活動 '{id}': 改良トンキロ法の {fuel} トラックの式は {fuel} の燃料使用量を与えますが、fuel_factor "
        "'{ref}' は '{own}' ではなく別の燃料の排出係数です。"
        "fuel_factor を削除するか {fuel} の排出係数を指定してください",
    },
    "factors.method-fuel.user": {
        "en": "activity '{id}': the improved ton-kilo method for {fuel} trucks gives litres of {fuel}; fuel_factor "
        "'{ref}' (a user table) takes the place of '{own}': the result rests on it being a {fuel} factor",
        "ja": "活動 '{id}': 改良トンキロ法の {fuel} トラックの式は {fuel} の燃料使用量を与えます。fuel_factor "
        "'{ref}'（利用者の表）が '{own}' の代わりに使われており、結果はそれが {fuel} の排出係数であることに依存します",
    },
    "scope2.table-location": {
        "en": "table {path} has scope 2 rows with no location-based factor for {day} ({line}), and the total "
        "is to be location-based",
        "ja": "表 {path} のスコープ2の行（{line}）に {day} のロケーション基準の排出係数がありませんが、合計は"
        "ロケーション基準で算定することになっています",
    },
    "scope2.table-location.hint": {
        "en": "scope 2 method 'location' ({chosen_by}) needs a grid-average factor of the year: give the "
        "activities_from entry a 'location_factor:' ('{national}' is built in for FY2019 and FY2025 only; "
        "rows that are not energy need one), or check market-based",
        "ja": "スコープ2の算定方法 'location'（{chosen_by}）ではその年の系統平均の係数が必要です。activities_from の"
        "項目に 'location_factor:' を指定するか（'{national}' は FY2019 と FY2025 の分だけ組み込まれています。"
        "エネルギー以外の行には指定が必要です）、マーケット基準で確認してください",
    },
    "scope2.location-factor-low": {
        "en": "activity '{id}': location_factor {factor} gives {value} t-CO2e/MWh, below the national grid "
        "average '{national}' in force for the period ({national_value} t-CO2e/MWh): a location-based figure "
        "uses a grid-average factor, not a supplier's or contractual one",
        "ja": "活動 '{id}': location_factor {factor} は {value} t-CO2e/MWh で、対象期間の全国平均係数 "
        "'{national}'（{national_value} t-CO2e/MWh）を下回ります。ロケーション基準の値には供給事業者や契約の係数"
        "ではなく系統平均の係数を使います",
    },
    "scope2.location-factor-low.table": {
        "en": "table {id}: location_factor {factor} gives {value} t-CO2e/MWh, below the national grid "
        "average '{national}' in force for the period ({national_value} t-CO2e/MWh): a location-based figure "
        "uses a grid-average factor, not a supplier's or contractual one",
        "ja": "表 {id}: location_factor {factor} は {value} t-CO2e/MWh で、対象期間の全国平均係数 "
        "'{national}'（{national_value} t-CO2e/MWh）を下回ります。ロケーション基準の値には供給事業者や契約の係数"
        "ではなく系統平均の係数を使います",
    },
    "boundary.zero-source": {
        "en": "{kind} boundary shows '{id}' — {name} only by activities of quantity 0: nothing was measured; "
        "give the quantities, or if there was none of this source, list it under 'exclusions:' with the reason",
        "ja": "{kind} の算定対象範囲の '{id}'（{name}）は活動量 0 の活動だけで示されており、何も算定されていません。"
        "活動量を記載するか、この排出源がなかった場合は理由を付けて 'exclusions:' に記載してください",
    },
    "boundary.how.categories": {"en": "category/stage {categories}", "ja": "区分／段階が {categories} "},
    "boundary.how.scopes": {"en": "scope {scopes}", "ja": "スコープ {scopes} "},
    "boundary.how.both": {
        "en": "category/stage {categories} or scope {scopes}",
        "ja": "区分／段階が {categories} またはスコープ {scopes} ",
    },
    "gwp.set-differs": {
        "en": "the file uses GWP {set}; {profile}'s set for the period is {standard_set}: total {total} t-CO2e, "
        "offset ratio {ratio} by it",
        "ja": "ファイルは地球温暖化係数 {set} を使っていますが、{profile} の対象期間の係数は {standard_set} です。"
        "その係数では合計 {total} t-CO2e、オフセット率 {ratio} です",
    },
    "gwp.set-differs.default": {
        "en": "the file uses GWP {set}; {profile} names no set, and offsetcalc's default is {default_set}: "
        "total {total} t-CO2e, offset ratio {ratio} by it",
        "ja": "ファイルは地球温暖化係数 {set} を使っていますが、{profile} は係数を定めておらず、offsetcalc の既定は "
        "{default_set} です。その係数では合計 {total} t-CO2e、オフセット率 {ratio} です",
    },
    "gwp.profile-default": {
        "en": "GWP set {set} is the {profile} default{when} (the file gives no 'gwp:')",
        "ja": "ファイルに 'gwp:' がないため、{profile} の既定{when}の地球温暖化係数 {set} を使用しています",
    },
    "gwp.profile-default.when": {"en": " for a period starting {start}", "ja": "（{start} に始まる期間）"},
    "scope2.method-differs": {
        "en": "the total uses {method} scope 2 (chosen by {by}); {profile} uses {standard_method}: "
        "total {total} t-CO2e, offset ratio {ratio}",
        "ja": "合計はスコープ2を{method}で算定しています（選択元: {by}）。"
        "{profile} の方法（{standard_method}）では合計 {total} t-CO2、オフセット率 {ratio} です",
    },
    "credits.beneficiary-other": {
        "en": "this credit was retired for '{beneficiary}', not for the offsetter '{offsetter}': credits retired "
        "for someone else do not offset this submission",
        "ja": "このクレジットはオフセット実施者 '{offsetter}' ではなく '{beneficiary}' のために無効化されています。"
        "他者のために無効化されたクレジットではオフセットできません",
    },
    "credits.beneficiary-other.no-offsetter": {
        "en": "this credit was retired for '{beneficiary}', and the file names no offsetter to compare: "
        "add 'offsetter:' (who makes the claim)",
        "ja": "このクレジットは '{beneficiary}' のために無効化されていますが、比較するオフセット実施者がありません。"
        "'offsetter:'（オフセット実施者）を記載してください",
    },
    "scope2.method-differs.other": {
        "en": "the total uses {method} scope 2 (chosen by {by}); by {other_method} scope 2 the total is "
        "{total} t-CO2e, offset ratio {ratio}",
        "ja": "合計はスコープ2を{method}で算定しています（選択元: {by}）。"
        "{other_method}では合計 {total} t-CO2、オフセット率 {ratio} です",
    },
    "scope2.method-differs.other-unknown": {
        "en": "the total uses {method} scope 2 (chosen by {by}); {other_method} scope 2, which applies "
        "otherwise, cannot be computed for this period (no factor)",
        "ja": "合計はスコープ2を{method}で算定しています（選択元: {by}）。"
        "通常適用される{other_method}はこの期間の排出係数がないため算定できません",
    },
    "scope2.method-differs.unknown": {
        "en": "the total uses {method} scope 2 (chosen by {by}); {profile} uses {standard_method}, "
        "which cannot be computed for this period (no grid factor)",
        "ja": "合計はスコープ2を{method}で算定しています（選択元: {by}）。"
        "{profile} の方法（{standard_method}）はこの期間の系統の排出係数がないため算定できません",
    },
    "scope2.method.location": {"en": "location-based", "ja": "ロケーション基準"},
    "scope2.method.market": {"en": "market-based", "ja": "マーケット基準"},
    "factors.unsourced": {
        "en": "inline factor {value} {unit} gives no real source ('{source}'){also}: "
        "name the publication, its edition and year",
        "ja": "直接指定の排出係数 {value} {unit} に実在の出典がありません（'{source}'）{also}。"
        "文献名・版・発行年を記載してください",
    },
    "factors.unconfirmed.inline": {
        "en": "inline factor {value} {unit} ('{source}') is marked unconfirmed{also}",
        "ja": "直接指定の排出係数 {value} {unit}（'{source}'）は出典未確認とされています{also}",
    },
    "factors.unconfirmed": {
        "en": "{name} is not confirmed against its source{also}",
        "ja": "{name}は出典と照合されていません{also}",
    },
    "factors.name": {
        "en": "factor '{ref}' ({table}, edition {edition})",
        "ja": "排出係数 '{ref}'（排出係数表 {table}、{edition} 版）",
    },
    "factors.also": {"en": " (used {n} times)", "ja": "（{n} 回使用）"},
    "factors.span": {"en": "{start} to {end}", "ja": "{start}〜{end}"},
    "factors.outside-validity.start": {
        "en": "{name} is valid {span}, but the period starts {start}{also}: {advice}",
        "ja": "{name}の適用期間は {span} ですが、対象期間は {start} に始まります{also}。{advice}",
    },
    "factors.advice.inferred": {
        "en": "the end of validity is inferred, not stated by the source, so this is a warning",
        "ja": "適用期間の終わりは出典に明記されておらず推定のため、警告とします",
    },
    "factors.advice.edition": {
        "en": "use the edition in force for the period",
        "ja": "対象期間に適用される版を使用してください",
    },
    "factors.outside-validity.end": {
        "en": "{name} is valid {span}; the period runs to {end}, past its validity{also}",
        "ja": "{name}の適用期間は {span} ですが、対象期間は適用期間を過ぎて {end} まで続きます{also}",
    },
    "factors.outside-validity.mostly": {
        "en": "{name} is valid {span}; the period runs to {end}, and only {within} of the period's {days} days "
        "fall within its validity{also}: name the edition in force for most of the period, or split the period",
        "ja": "{name}の適用期間は {span} ですが、対象期間は {end} まで続き、対象期間 {days} 日のうち適用期間内は "
        "{within} 日だけです{also}。対象期間の大半で適用される版を指定するか、対象期間を分けてください",
    },
    "factors.outside-validity.no-period": {
        "en": "{name} is valid {span}, but the file gives no period{also}: "
        "it cannot be shown to be in force; add 'period: {{start, end}}'",
        "ja": "{name}の適用期間は {span} ですが、ファイルに対象期間がありません{also}。"
        "適用期間内であることを示せないため、'period: {{start, end}}' を記載してください",
    },
    "factors.overridden": {
        "en": "{name} from the user table {path} ({value}) {how} the built-in '{builtin}' of {table} "
        "({builtin_value}){also}",
        "ja": "利用者の排出係数表 {path} の{name}（{value}）が、組み込みの {table} の '{builtin}'"
        "（{builtin_value}）{how}{also}",
    },
    "factors.overridden.replaces": {"en": "replaces", "ja": "を置き換えています"},
    "factors.overridden.instead": {"en": "is used instead of", "ja": "の代わりに使われています"},
    "factors.superseded": {
        "en": "{name} has no end of validity, but a newer edition was in force from {since}: "
        "'{newer}' in table {table}{also}",
        "ja": "{name}には適用期間の終わりがありませんが、{since} から新しい版 '{newer}'"
        "（排出係数表 {table}）が適用されています{also}",
    },
    "credits.none": {
        "en": "no credits are retired{planned}: an offset without credits offsets nothing",
        "ja": "無効化されたクレジットがありません{planned}。クレジットのないオフセットは何もオフセットしません",
    },
    "credits.none.planned": {
        "en": " nor planned in this plan registration",
        "ja": "（この計画登録の無効化予定クレジットもありません）",
    },
    "credits.eligible-type.unknown": {"en": "{detail}", "ja": "クレジットの種類を識別できません（原文: {detail}）"},
    "credits.eligible-type.unknown.catalogued": {"en": "{detail}", "ja": "{detail}"},
    "credits.eligible-type": {
        "en": "credit type '{type}' ({name}) is not eligible under {profile}; eligible: {eligible}",
        "ja": "クレジットの種類 '{type}'（{name}）は {profile} では使用できません。使用できる種類: {eligible}",
    },
    "credits.usable-until": {
        "en": "{code} credits count for {profile} only when retired by {until}; retired {retired}",
        "ja": "{code} は {until} までに無効化された場合に限り {profile} で認められます（無効化日 {retired}）",
    },
    "credits.project-missing": {
        "en": "{code} credit names no 'project', so it cannot be shown not to come from {kinds} projects",
        "ja": "{code} クレジットに 'project'（プロジェクト名）がないため、"
        "{kinds} プロジェクト由来でないことを確認できません",
    },
    "credits.project-missing.placeholder": {
        "en": "{code} credit's 'project' {text} names no project, so it cannot be shown not to come from "
        "{kinds} projects",
        "ja": "{code} クレジットの 'project' {text} はプロジェクトを示していないため、"
        "{kinds} プロジェクト由来でないことを確認できません",
    },
    "credits.excluded-project": {
        "en": "{code} from a {name} project ('{project}' mentions '{hit}') is not accepted by {profile}; "
        "replace these credits with eligible ones",
        "ja": "{name} プロジェクト由来の {code}（'{project}' に '{hit}' とあります）は {profile} では認められません。"
        "認められるクレジットに置き換えてください",
    },
    "credits.serial-syntax": {"en": "{detail}", "ja": "シリアル番号を読み取れません（原文: {detail}）"},
    "credits.serial-syntax.catalogued": {"en": "{detail}", "ja": "{detail}"},
    "detail.with-hint": {"en": "{message}; {hint}", "ja": "{message}。{hint}"},
    "credits.block-size": {
        "en": "serial blocks hold {held} credits ({parts}{more}) but {what} is {units} t-CO2e",
        "ja": "シリアル番号のブロックは {held} クレジット（{parts}{more}）ですが、{what}は {units} t-CO2 です",
    },
    "credits.what.quantity": {"en": "the quantity", "ja": "数量"},
    "credits.what.retirement": {"en": "the retirement quantity", "ja": "無効化数量"},
    "credits.serial-missing": {
        "en": "retired {type} credit gives no serial numbers",
        "ja": "無効化済みの {type} クレジットにシリアル番号がありません",
    },
    "credits.whole-units": {
        "en": "{what} {units} t-CO2e is not a whole number of credits (1 credit = 1 t){hint}",
        "ja": "{what} {units} t-CO2 はクレジットの整数倍ではありません（1 クレジット = 1 t）{hint}",
    },
    "credits.whole-units.hint": {
        "en": "; an offset provider's customer claims a part of a whole retirement: "
        "write it as 'allocation: {{provider, retirement_quantity}}'",
        "ja": "。オフセット・プロバイダーの顧客が無効化の一部を主張する場合は "
        "'allocation: {{provider, retirement_quantity}}' と記載してください",
    },
    "credits.retirement-date.missing": {
        "en": "retired {type} credit gives no 'retired_on' date",
        "ja": "無効化済みの {type} クレジットに無効化日 'retired_on' がありません",
    },
    "credits.retirement-date": {
        "en": "retirement date {date} is in the future (today is {today}): "
        "credits must be retired at the time of the claim",
        "ja": "無効化日 {date} は未来の日付です（本日 {today}）。"
        "クレジットは主張の時点で無効化されていなければなりません",
    },
    "credits.retired-evidence": {
        "en": "retired {type} credit gives no 'evidence' "
        "(the registry's retirement record; in Japan the retirement notice 無効化通知)",
        "ja": "無効化済みの {type} クレジットに 'evidence'（登録簿の無効化記録。日本では無効化通知）がありません",
    },
    "credits.retired-evidence.placeholder": {
        "en": "retired {type} credit's 'evidence' {text} names no record "
        "(the registry's retirement record; in Japan the retirement notice 無効化通知)",
        "ja": "無効化済みの {type} クレジットの 'evidence' {text} は記録を示していません"
        "（登録簿の無効化記録。日本では無効化通知）",
    },
    "credits.retired-within-12-months": {
        "en": "retired {retired}, more than {months} months after the period ended {end} (latest {latest})",
        "ja": "{retired} の無効化は、対象期間の終了 {end} から {months} か月を超えています（期限 {latest}）",
    },
    "credits.planned-outside-plan": {
        "en": "planned credit in a file that is not a plan registration (plan_registration: true); it is not counted",
        "ja": "計画登録（plan_registration: true）でないファイルに無効化予定のクレジットがあります。算入されません",
    },
    "credits.unit-overlap": {
        "en": "{name} units {lo}–{hi} ({n} t) of serial {prefix} are also listed under serial {other} at line "
        "{line}: the same unit numbers under another serial are probably the same credits with a field changed "
        "(offsetcalc infers that {name} numbers its units registry-wide from the registry's export; no "
        "{name} document confirms it, so this is a warning)",
        "ja": "{name} のシリアル {prefix} の {lo}–{hi} 番（{n} t）は、{line} 行目にシリアル {other} としても"
        "記載されています。別のシリアルで同じ単位番号であれば、項目を変えた同じクレジットである可能性が高いです"
        "（{name} が登録簿全体で単位番号を付けていることは登録簿のエクスポートからの offsetcalc の推定であり、"
        "{name} の文書で確認されていないため警告です）",
    },
    "credits.serial-overlap": {
        "en": "credits {lo}–{hi} of {prefix} ({n} t) are also listed at line {line}: "
        "the same credits cannot be counted twice",
        "ja": "{prefix} の {lo}–{hi}（{n} t）は {line} 行目にも記載されています。"
        "同じクレジットを二重に算入することはできません",
    },
    "credits.allocation-exceeds.unit": {
        "en": "retirement quantity '{value} {unit}' is not a CO2e mass (e.g. '100 t-CO2')",
        "ja": "無効化数量 '{value} {unit}' はCO2換算の質量ではありません（例: '100 t-CO2'）",
    },
    "credits.allocation-exceeds": {
        "en": "the allocated {part} t-CO2e is more than {provider}'s whole retirement of {whole} t-CO2e",
        "ja": "割り当てられた {part} t-CO2 は、{provider} の無効化全体 {whole} t-CO2 を超えています",
    },
    "credits.serial-type.registry": {
        "en": "serial is a {registry} serial, but {code} credits carry {expected} serials",
        "ja": "シリアル番号は {registry} のものですが、{code} クレジットのシリアル番号は {expected} のものです",
    },
    "credits.serial-type.kyoto": {
        "en": "serial has Kyoto unit type {unit_type} ({unit_name}), not {code} ({types})",
        "ja": "シリアル番号の京都ユニット種別は {unit_type}（{unit_name}）で、{code}（{types}）ではありません",
    },
    "credits.vintage.syntax": {
        "en": "vintage {vintage} is not a year or a range of years (e.g. 2012 or 2012-2013)",
        "ja": "発行年度 {vintage} は年または年の範囲ではありません（例: 2012、2012-2013）",
    },
    "credits.vintage": {
        "en": "vintage {vintage} is older than {profile} allows "
        "(from {oldest}: at most {years} years before the period starts)",
        "ja": "発行年度 {vintage} は {profile} が認めるより古いです（{oldest} 年以降、"
        "対象期間の開始の {years} 年前まで）",
    },
    "credits.vintage.serial": {
        "en": "vintage {vintage} is not the vintage the credit's serial prints ({printed}); "
        "the serial is the registry's record, and the vintage rules judge both",
        "ja": "発行年度 {vintage} はクレジットのシリアル番号が示す発行年度（{printed}）と異なります。"
        "シリアル番号は登録簿の記録であり、発行年度の規則は両方に適用されます",
    },
    "credits.vintage.printed": {
        "en": "{years} (the vintage the serial prints)",
        "ja": "{years}（シリアル番号が示す発行年度）",
    },
    "credits.future-issuance": {
        "en": "vintage {vintage} lies after the credit's use ({what}): a credit for future "
        "reductions (not yet issued) cannot be used",
        "ja": "発行年度 {vintage} はクレジットの使用（{what}）より後です。"
        "将来の削減分（未発行）のクレジットは使用できません",
    },
    "credits.future-issuance.period": {
        "en": "the serial names a commitment period that began in {year}, after the credit's use ({what}): "
        "a unit issued for that period did not exist yet",
        "ja": "シリアル番号の約束期間は {year} 年に始まり、クレジットの使用（{what}）より後です。"
        "その期間のユニットはまだ存在していませんでした",
    },
    "credits.future-issuance.car-year": {
        "en": "the serial prints the year {year} where a Climate Action Reserve serial prints its vintage: "
        "credits of a vintage after their use ({what}) had not been issued",
        "ja": "シリアル番号には、Climate Action Reserve のシリアル番号が発行年度を示す位置に {year} 年とあります。"
        "使用時（{what}）より後の発行年度のクレジットは、まだ発行されていませんでした",
    },
    "credits.future-issuance.vintage-end": {
        "en": "the serial's vintage ends {end}, after the credit's use ({what}): a Verra unit is issued only "
        "after its vintage has ended, so it did not exist yet",
        "ja": "シリアル番号のビンテージは {end} に終わり、クレジットの使用（{what}）より後です。"
        "Verra のユニットはビンテージの終了後に発行されるため、まだ存在していませんでした",
    },
    "credits.future-issuance.vintage-day": {
        "en": "vintage {vintage} ends {end}, after the credit's use ({what}): credits are issued for "
        "reductions already made, so these did not exist yet",
        "ja": "ビンテージ {vintage} は {end} に終わり、クレジットの使用（{what}）より後です。"
        "クレジットは実現した削減に対して発行されるため、まだ存在していませんでした",
    },
    "credits.future-issuance.unreadable": {
        "en": "vintage {vintage} cannot be read, so it cannot be shown to lie before the credit's use",
        "ja": "発行年度 {vintage} を読み取れないため、クレジットの使用より前であることを示せません",
    },
    "credits.use.retired": {"en": "retired {date}", "ja": "{date} に無効化"},
    "credits.use.today": {"en": "today is {today}", "ja": "本日 {today}"},
    # ---- city inventories (rules/gpc.py); GPC terms as in the Japanese GPC materials
    "gpc.period-12-months": {
        "en": "the period {start} – {end} is not 12 months (a 12-month period from {start} ends {one_year_end})",
        "ja": "対象期間 {start} – {end} は12か月ではありません（{start} からの12か月は {one_year_end} に終わります）",
    },
    "gpc.cell-missing": {
        "en": "GPC cell {ref} ({description}) is required for {level} but has neither a value "
        "nor a notation key (NO / IE / NE / C)",
        "ja": "GPC の区分 {ref}（{description}）は {level} で必須ですが、"
        "数値も注釈記号（NO / IE / NE / C）もありません",
    },
    "gpc.cell-missing.disputed": {
        "en": "GPC cell {ref} ({description}) is required for {level} but has neither a value "
        "nor a notation key (NO / IE / NE / C); transcriptions of the GPC's table disagree on this cell "
        "(C40's lists it, CityCatalyst's does not) and offsetcalc keeps it: give a value or a key",
        "ja": "GPC の区分 {ref}（{description}）は {level} で必須ですが、"
        "数値も注釈記号（NO / IE / NE / C）もありません。この区分は GPC の表の転記によって有無が異なります"
        "（C40 の表にはあり、CityCatalyst の表にはありません）。"
        "offsetcalc は必須として扱うため、数値か注釈記号を記入してください",
    },
    "gpc.not-estimated": {
        "en": "GPC cell {ref}, required for {level}, is {key} ({what})",
        "ja": "{level} で必須の GPC の区分 {ref} は {key}（{what}）です",
    },
    "gpc.not-estimated.ne": {"en": "not estimated", "ja": "未推計"},
    "gpc.not-estimated.c": {"en": "confidential", "ja": "秘匿"},
    "gpc.key-explanation": {
        "en": "notation key {key} for {refs} has no explanation",
        "ja": "{refs} の注釈記号 {key} に説明がありません",
    },
    "gpc.key-explanation.placeholder": {
        "en": "notation key {key} for {refs} is explained only by '{text}', which explains nothing: "
        "say why the cell has no value",
        "ja": "{refs} の注釈記号 {key} の説明が「{text}」だけで、何も説明していません。"
        "この区分に数値がない理由を記載してください",
    },
    "gpc.ie-included-in": {
        "en": "IE (included elsewhere) for {refs} does not say where: add included_in: [cell]",
        "ja": "{refs} の IE（他の区分に計上）に計上先がありません。included_in: [区分] を記載してください",
    },
    "gpc.ie-included-in.empty": {
        "en": "IE for {refs} points at {ref}, which has no value ({status}): the emissions are then included nowhere",
        "ja": "{refs} の IE の計上先 {ref} に数値がありません（{status}）。この排出量はどこにも計上されていません",
    },
    "gpc.ie-included-in.outside": {
        "en": "IE for {refs} points at {ref}, which is outside {level}: the {level} total does not include these "
        "emissions; report them in a cell of {level}",
        "ja": "{refs} の IE の計上先 {ref} は {level} の対象外です。この排出量は {level} の合計に含まれません。"
        "{level} の区分に計上してください",
    },
    "gpc.value-and-key": {
        "en": "GPC cell {ref} has a value (activities {activities}) and notation key {key}",
        "ja": "GPC の区分 {ref} に数値（活動 {activities}）と注釈記号 {key} の両方があります",
    },
    "gpc.value-and-key.two-keys": {
        "en": "GPC cell {ref} has two notation keys (the first in notation key {first})",
        "ja": "GPC の区分 {ref} に注釈記号が2つあります（1つ目は {first} 番目の注釈記号）",
    },
    "gpc.grid-factor-scope1": {
        "en": "activity '{id}' uses a grid-electricity factor in scope 1 cell {ref}: grid-supplied energy is "
        "scope 2 ({scope2_ref})",
        "ja": "活動 '{id}' はスコープ1の区分 {ref} で系統電力の排出係数を使っています。"
        "系統から供給されるエネルギーはスコープ2（{scope2_ref}）です",
    },
    "gpc.grid-supply-fuel": {
        "en": "activity '{id}' burns fuel to generate energy supplied to the grid but is reported in {ref}; "
        "such emissions belong in I.4.4 (outside both levels), since consumers report the energy as scope 2",
        "ja": "活動 '{id}' は系統へ供給するエネルギーの発電用燃料ですが {ref} に計上されています。"
        "需要側がそのエネルギーをスコープ2として報告するため、"
        "この排出は I.4.4（どちらのレベルにも含めない）に計上します",
    },
    "gpc.claim-not-estimated": {
        "en": "a carbon-neutral claim for {level} cannot be met while cells are NE or C "
        "({cells}): their tonnes are unknown, so no amount of credits is known to cover them",
        "ja": "NE または C の区分（{cells}）がある間は {level} のカーボン・ニュートラルの主張は成り立ちません。"
        "排出量が不明なため、どれだけのクレジットで埋め合わせられるか分かりません",
    },
    "gpc.claim-ratio": {
        "en": "credits cover {ratio} of the {level} total ({credits} of {emissions} t-CO2e); "
        "{needed} t more would offset it",
        "ja": "クレジットは {level} の合計の {ratio} をオフセットしています（{emissions} t-CO2 のうち {credits}）。"
        "全量をオフセットするには、あと {needed} t 必要です",
    },
    "gpc.claim-ratio.no-emissions": {
        "en": "the {level} total is {emissions} t-CO2e: there is nothing for the credits to offset, "
        "so no carbon-neutral claim by offsetting can be certified",
        "ja": "{level} の合計は {emissions} t-CO2 です。クレジットでオフセットする排出量がないため、"
        "オフセットによるカーボン・ニュートラルの主張は認証できません",
    },
    # ---- the ledger's conflicts (ledger/core.py Conflict), shown by check_batch
    "ledger.finding": {"en": "{message} (hint: {hint})", "ja": "{message}（ヒント: {hint}）"},
    "ledger.range": {
        "en": "{registry}{prefix} units {units} ({n} t)",
        "ja": "{registry}{prefix} の {units} 番（{n} t）",
    },
    "ledger.mine": {
        "en": "credits {range} claimed by submission {submission}",
        "ja": "提出 {submission} が主張するクレジット {range} ",
    },
    "ledger.rejected-claim": {
        "en": "{mine} were also claimed by submission {other} (at {where}), which was rejected "
        "(verdict {verdict}): a rejected claim holds no credits",
        "ja": "{mine}は、提出 {other}（{where}）でも主張されていましたが、その提出は認められませんでした"
        "（判定 {verdict}）。認められなかった主張はクレジットを保持しません",
    },
    "ledger.double-claim": {
        "en": "{mine} are also claimed by submission {other} (at {where})",
        "ja": "{mine}は、提出 {other}（{where}）でも主張されています（二重の主張）",
    },
    "ledger.retired-for-other": {
        "en": "{mine} are shown retired for {other_beneficiary} in registry export {where}, not for {beneficiary}",
        "ja": "{mine}は、登録簿のエクスポート {where} で {beneficiary} ではなく {other_beneficiary} "
        "のために無効化されています",
    },
    "ledger.key-collision": {
        "en": "the ledger holds another submission under the key '{key}' (title {title}, offsetter {beneficiary}, "
        "recorded {recorded}): this file has other content and another title or offsetter, so it is not recorded "
        "and does not replace that submission's claim",
        "ja": "台帳はキー '{key}' で別の提出（表題 {title}、オフセット実施者 {beneficiary}、記録 {recorded}）を保持して"
        "います。このファイルは内容が異なり表題またはオフセット実施者も異なるため記録されず、その提出の主張を置き換えません",
    },
    "ledger.key-collision.hint": {
        "en": "keys are paths relative to --root: check each client's folder with the same --root (a common parent "
        "folder), or, if this file really replaces the earlier one, run 'offsetcalc ledger forget' on '{key}' first",
        "ja": "キーは --root からの相対パスです。各依頼者のフォルダーを同じ --root（共通の親フォルダー）で確認するか、"
        "このファイルが本当に以前のものを置き換えるなら、先に '{key}' に 'offsetcalc ledger forget' を実行してください",
    },
    "ledger.unit-overlap": {
        "en": "{mine} share unit numbers with {name} serial {other_prefix} units {other_units} claimed by "
        "submission {other} (at {where}): the same unit numbers under another serial are probably the same "
        "credits with a field of the serial changed (offsetcalc infers that {name} numbers its units "
        "registry-wide from the registry's export; no {name} document confirms it, so this is a warning)",
        "ja": "{mine}は、提出 {other}（{where}）が主張する {name} のシリアル {other_prefix} の {other_units} 番と"
        "単位番号が重なっています。別のシリアルで同じ単位番号であれば、シリアルの項目を変えた同じクレジットである"
        "可能性が高いです（{name} が登録簿全体で単位番号を付けていることは登録簿のエクスポートからの offsetcalc の"
        "推定であり、{name} の文書で確認されていないため警告です）",
    },
    "ledger.unit-overlap.export": {
        "en": "{mine} share unit numbers with {name} serial {other_prefix} units {other_units} in registry "
        "export {where}: the registry lists these unit numbers under another serial, so the serial claimed is "
        "probably altered (offsetcalc infers that {name} numbers its units registry-wide from the registry's "
        "export; no {name} document confirms it, so this is a warning)",
        "ja": "{mine}は、登録簿のエクスポート {where} の {name} のシリアル {other_prefix} の {other_units} 番と"
        "単位番号が重なっています。登録簿はこの単位番号を別のシリアルで記載しているため、主張されたシリアルは"
        "変更されている可能性が高いです（{name} が登録簿全体で単位番号を付けていることは登録簿のエクスポート"
        "からの offsetcalc の推定であり、{name} の文書で確認されていないため警告です）",
    },
    "ledger.hint.unit-overlap": {
        "en": "compare both serials with the registry's record of these unit numbers (its retirement notice or "
        "the serial number lookup)",
        "ja": "両方のシリアルを、この単位番号についての登録簿の記録（無効化通知やシリアル番号の照会）と"
        "照合してください",
    },
    "ledger.hint.rejected": {
        "en": "for information: make sure the two submissions do not claim the same retirement",
        "ja": "参考: 2つの提出が同じ無効化を主張していないことを確認してください",
    },
    "ledger.hint.gone": {
        "en": "submission {other} is no longer there: if this file was renamed or moved from it, "
        "run 'offsetcalc ledger forget --ledger LEDGER {other}' and check again{more}",
        "ja": "提出 {other} はもうありません。このファイルがその名前から変更・移動されたものであれば、"
        "'offsetcalc ledger forget --ledger LEDGER {other}' を実行してから確認し直してください{more}",
    },
    "ledger.hint.same-root": {
        "en": "; if it is this file checked from another folder, check with the same --root",
        "ja": "。別のフォルダから確認した同じファイルであれば、同じ --root で確認してください",
    },
    "ledger.hint.identical": {
        "en": "the two files are identical: if this is the same submission checked from another folder, "
        "check with the same --root",
        "ja": "2つのファイルは同一です。別のフォルダから確認した同じ提出であれば、同じ --root で確認してください",
    },
    "ledger.hint.once": {
        "en": "each credit may be claimed once: remove the double claim or ask which submission retired it",
        "ja": "クレジットは一度しか主張できません。二重の主張を取り除くか、どの提出が無効化したかを確認してください",
    },
    "ledger.hint.beneficiary": {
        "en": "a retired credit counts only for its beneficiary; if the beneficiary is you under another name, "
        "give it as 'beneficiary:' on the credit",
        "ja": "無効化されたクレジットはその受益者についてのみ算入されます。受益者が別名の同じ主体であれば、"
        "クレジットに 'beneficiary:' として記載してください",
    },
    # separators of a list inside a message
    "sep.or": {"en": " or ", "ja": "、"},
    "sep.comma": {"en": ", ", "ja": "、"},
    "sep.and": {"en": " and ", "ja": "、"},
    "sep.and-no-column": {"en": " and no column ", "ja": "、"},
}


# --------------------------------------------------------------------------- error lines and file-level findings

#: Messages of bad input (the ``file:line:col: error: …`` lines and their hints, also shown as
#: ``file.invalid`` findings by check and the reports) and of the findings check makes itself
#: (standard.unknown, standard.not-builtin, internal.error). An error built with a :class:`Msg`
#: (offsetcalc.errors.OffsetcalcError) prints in the user's ``--lang``; its ``.message`` stays
#: the English rendering. Keys start with the error's code.
ERRORS: dict[str, dict[str, str]] = {
    # ---- findings check makes itself
    "file.invalid": {"en": "{message}{hint}", "ja": "{message}{hint}"},
    "file.invalid.hint": {"en": " (hint: {hint})", "ja": "（ヒント: {hint}）"},
    "standard.unknown.none": {
        "en": "no standard to check against: the file has no 'standard:' (hint: add e.g. 'standard: jp-co', "
        "or pass --standard)",
        "ja": "審査する認証基準がありません: ファイルに 'standard:' がありません"
        "（ヒント: 'standard: jp-co' などを記載するか、--standard を指定してください）",
    },
    "standard.unknown": {
        "en": "unknown standard '{name}'; built-in standards: {known}",
        "ja": "認証基準 '{name}' はありません。組み込みの認証基準: {known}",
    },
    "standard.unknown.hint": {
        "en": "or give the path of a profile file (.yaml)",
        "ja": "またはプロファイルファイル（.yaml）のパスを指定してください",
    },
    "standard.not-builtin": {
        "en": "'{id}' is the profile file {path}, not a built-in standard{weak}",
        "ja": "'{id}' は組み込みの認証基準ではなく、プロファイルファイル {path} です{weak}",
    },
    "standard.not-builtin.weak": {
        "en": "; it weakens the core rules {rules}",
        "ja": "。コア規則 {rules} を弱めています",
    },
    "internal.error": {
        "en": "internal error: {kind}: {detail}",
        "ja": "offsetcalc の内部エラー（不具合）: {kind}: {detail}",
    },
    # ---- the files of a batch (rules/batch.py)
    "batch.unreadable": {"en": "cannot be read: {reason}", "ja": "読み込めません: {reason}"},
    "batch.not-a-file": {"en": "is {what}, not a submission file", "ja": "{what}で、申請ファイルではありません"},
    "batch.kind.fifo": {"en": "a named pipe (FIFO)", "ja": "名前付きパイプ（FIFO）"},
    "batch.kind.socket": {"en": "a socket", "ja": "ソケット"},
    "batch.kind.char": {"en": "a character device", "ja": "キャラクタデバイス"},
    "batch.kind.block": {"en": "a block device", "ja": "ブロックデバイス"},
    "batch.kind.folder": {"en": "a folder", "ja": "フォルダ"},
    "batch.kind.other": {"en": "not a regular file", "ja": "通常のファイルではないもの"},
    "batch.folder-unreadable": {
        "en": "folder cannot be read ({why}): its files were not checked",
        "ja": "フォルダを読み込めません（{why}）。その中のファイルは審査していません",
    },
    "batch.folder-empty": {
        "en": "folder holds no *.yaml or *.yml files",
        "ja": "フォルダに *.yaml・*.yml ファイルがありません",
    },
    "batch.no-match": {"en": "no file matches this pattern", "ja": "このパターンに一致するファイルがありません"},
    "batch.no-such": {"en": "no such file or folder", "ja": "そのようなファイル・フォルダはありません"},
    "internal.crash": {
        "en": "the checking process died on this file (out of memory or a crash); it was not checked",
        "ja": "このファイルの審査中に処理が異常終了しました（メモリ不足またはクラッシュ）。審査されていません",
    },
    # ---- did you mean
    "hint.did-you-mean-q": {"en": "did you mean {names}?", "ja": "{names} の誤りではありませんか？"},
    # ---- reading files
    "what.activity file": {"en": "activity file", "ja": "活動ファイル"},
    "what.an activity file": {"en": "an activity file", "ja": "活動ファイル"},
    "what.factor table": {"en": "factor table", "ja": "排出係数表"},
    "what.a factor table": {"en": "a factor table", "ja": "排出係数表"},
    "what.standard profile": {"en": "standard profile", "ja": "認証基準のプロファイル"},
    "what.a standard profile": {"en": "a standard profile", "ja": "認証基準のプロファイル"},
    "what.file": {"en": "file", "ja": "ファイル"},
    "what.a file": {"en": "a file", "ja": "ファイル"},
    "file.missing": {"en": "no such {what}", "ja": "{what}がありません"},
    "file.unreadable.permission": {
        "en": "{what} cannot be read (permission denied)",
        "ja": "{what}を読み込めません（アクセス権がありません）",
    },
    "file.unreadable": {"en": "{what} cannot be read: {reason}", "ja": "{what}を読み込めません: {reason}"},
    "file.is-dir": {"en": "'{path}' is a folder, not {what}", "ja": "'{path}' はフォルダで、{what}ではありません"},
    "file.too-large": {
        "en": "{what} is {size} bytes, over the limit of {limit}",
        "ja": "{what}は {size} バイトで、上限 {limit} バイトを超えています",
    },
    "file.too-large.hint": {
        "en": "split the file, or put bulk rows in a table with 'activities_from:'",
        "ja": "ファイルを分けるか、大量の行は 'activities_from:' で表にしてください",
    },
    "file.empty": {"en": "{what} is empty", "ja": "{what}が空です"},
    "file.empty.no-document": {"en": "file holds no YAML document", "ja": "ファイルに YAML の文書がありません"},
    "file.empty.hint": {
        "en": "an activity file starts with 'offsetcalc: 1'",
        "ja": "活動ファイルは 'offsetcalc: 1' で始まります",
    },
    "file.binary": {"en": "{what} is binary, not YAML text", "ja": "{what}はバイナリで、YAML のテキストではありません"},
    "file.encoding": {
        "en": "{what} is not UTF-8 (byte 0x{byte} cannot be decoded)",
        "ja": "{what}は UTF-8 ではありません（バイト 0x{byte} を読み取れません）",
    },
    "file.encoding.hint": {
        "en": "save the file as UTF-8 (Shift_JIS and other encodings are not read)",
        "ja": "ファイルを UTF-8 で保存してください（Shift_JIS などの文字コードは読み込めません）",
    },
    "yaml.syntax": {"en": "not valid YAML: {problem}", "ja": "YAML として正しくありません: {problem}"},
    "quoted.original": {"en": "{text}", "ja": "（原文）{text}"},
    "yaml.syntax.hint": {
        "en": "check indentation and quoting around this position",
        "ja": "この位置の前後の字下げと引用符を確認してください",
    },
    "file.no-data": {
        "en": "{what} sent no data for {seconds} s (it is a pipe or device, not a file)",
        "ja": "{what}から {seconds} 秒間データが届きません（ファイルではなくパイプまたはデバイスです）",
    },
    "file.no-data.hint": {
        "en": "give a regular file, or make sure something writes to the pipe",
        "ja": "通常のファイルを指定するか、パイプに書き込むものがあることを確認してください",
    },
    "yaml.control-character": {
        "en": "not valid YAML: control character {code_point} is not allowed",
        "ja": "YAML として正しくありません: 制御文字 {code_point} は使えません",
    },
    "yaml.control-character.hint": {
        "en": "remove it (it is invisible in most editors); inside a double-quoted string write it as an escape "
        "such as \\t",
        "ja": "削除してください（多くのエディタでは見えません）。二重引用符の文字列の中では \\t のような"
        "エスケープで書いてください",
    },
    "yaml.sexagesimal": {
        "en": "'{shown}' would be read as a base-60 number (YAML 1.1 sexagesimal); offsetcalc does not read it",
        "ja": "'{shown}' は60進数（YAML 1.1 の sexagesimal）として読まれるため、offsetcalc は読み取りません",
    },
    "yaml.sexagesimal.hint": {
        "en": "quote it if it is text ('{shown}'), or write the number in decimal",
        "ja": "文字であれば引用符で囲むか（'{shown}'）、数値を10進数で書いてください",
    },
    "yaml.not-decimal": {
        "en": "'{shown}' would be read as a {base} number; numbers are decimal",
        "ja": "'{shown}' は{base}の数値として読まれます。数値は10進数で書きます",
    },
    "yaml.base.binary": {"en": "binary", "ja": "2進数"},
    "yaml.base.hexadecimal": {"en": "hexadecimal", "ja": "16進数"},
    "yaml.base.octal": {"en": "octal (a leading zero)", "ja": "8進数（先頭が0）"},
    "yaml.not-decimal.hint": {
        "en": "write it without the prefix or leading zero, or quote it if it is text ('{shown}')",
        "ja": "接頭辞や先頭の0を付けずに書くか、文字であれば引用符で囲んでください（'{shown}'）",
    },
    "yaml.int-too-long": {
        "en": "integer of {digits} digits is too long (at most {limit})",
        "ja": "{digits} 桁の整数は長すぎます（最大 {limit} 桁）",
    },
    "yaml.int-too-long.hint": {
        "en": "no quantity or serial number needs this many digits; check the value",
        "ja": "この桁数の活動量やシリアル番号はありません。値を確認してください",
    },
    "yaml.too-many-nodes": {
        "en": "document expands to more than {n} nodes",
        "ja": "文書を展開すると {n} ノードを超えます",
    },
    "yaml.too-many-nodes.hint": {
        "en": "aliases (*name) that repeat large parts are not allowed to multiply",
        "ja": "大きな部分を繰り返すエイリアス（*name）で文書を増やすことはできません",
    },
    "yaml.too-deep": {
        "en": "document is nested more than {n} levels deep",
        "ja": "文書の入れ子が {n} 段を超えています",
    },
    "yaml.too-deep.hint": {
        "en": "a recursive alias (an anchor used inside itself) cannot be read",
        "ja": "再帰的なエイリアス（アンカーをそれ自身の中で使うもの）は読み取れません",
    },
    "yaml.tag": {"en": "YAML tag '{tag}' is not allowed", "ja": "YAML のタグ '{tag}' は使えません"},
    "yaml.tag.hint": {
        "en": "only plain YAML (strings, numbers, dates, lists, maps) is read",
        "ja": "読み取るのは通常の YAML（文字列・数値・日付・リスト・マッピング）だけです",
    },
    "yaml.node": {"en": "unsupported YAML node", "ja": "対応していない YAML のノードです"},
    "yaml.merge": {"en": "'<<' merges only mappings", "ja": "'<<' で結合できるのはマッピングだけです"},
    "yaml.key": {"en": "a mapping key must be a plain value", "ja": "マッピングのキーは単純な値でなければなりません"},
    "yaml.duplicate-key": {"en": "duplicate key '{key}'{where}", "ja": "キー '{key}' が重複しています{where}"},
    "yaml.duplicate-key.where": {"en": " (first at line {line})", "ja": "（最初は {line} 行目）"},
    "yaml.duplicate-key.hint": {
        "en": "each key may appear once in a mapping",
        "ja": "1つのマッピングの中で同じキーは1回しか書けません",
    },
    "yaml.value": {"en": "cannot read value {value}: {detail}", "ja": "値 {value} を読み取れません: {detail}"},
    "yaml.value.month": {"en": "month must be in 1..12", "ja": "月は 1～12 です"},
    "yaml.value.day": {"en": "day is out of range for month", "ja": "その月にない日です"},
    "yaml.value.year": {"en": "year 0 is out of range", "ja": "0 年は範囲外です"},
    # ---- the schema of the activity file
    "schema.unknown-key": {"en": "unknown key '{key}'", "ja": "不明なキー '{key}'"},
    "schema.unknown-key.allowed": {"en": "allowed keys here: {keys}", "ja": "ここで使えるキー: {keys}"},
    "schema.unknown-key.dym-allowed": {"en": "{dym} allowed keys here: {keys}", "ja": "{dym} ここで使えるキー: {keys}"},
    "schema.unknown-key.comma": {
        "en": "inside {{...}} a comma starts a new key: quote text or numbers that contain commas",
        "ja": "{{...}} の中ではカンマで新しいキーが始まります。カンマを含む文字や数値は引用符で囲んでください",
    },
    "hint.join": {"en": "{a}; {b}", "ja": "{a}。{b}"},
    "schema.missing": {"en": "missing required key '{key}'", "ja": "必須のキー '{key}' がありません"},
    "schema.value": {"en": "{field}{message}{shown}", "ja": "{field}{message}{shown}"},
    "schema.got": {"en": " (got {value})", "ja": "（値: {value}）"},
    # pydantic's own checks, word for word as pydantic writes them in English (offsetcalc.io.loader)
    "pydantic.string_type": {"en": "Input should be a valid string", "ja": "文字列を指定してください"},
    "pydantic.int_type": {"en": "Input should be a valid integer", "ja": "整数を指定してください"},
    "pydantic.int_parsing": {
        "en": "Input should be a valid integer, unable to parse string as an integer",
        "ja": "整数を指定してください（文字列を整数として読み取れません）",
    },
    "pydantic.float_type": {"en": "Input should be a valid number", "ja": "数値を指定してください"},
    "pydantic.float_parsing": {
        "en": "Input should be a valid number, unable to parse string as a number",
        "ja": "数値を指定してください（文字列を数値として読み取れません）",
    },
    "pydantic.bool_type": {"en": "Input should be a valid boolean", "ja": "true または false を指定してください"},
    "pydantic.bool_parsing": {
        "en": "Input should be a valid boolean, unable to interpret input",
        "ja": "true または false を指定してください（値を解釈できません）",
    },
    "pydantic.date_type": {"en": "Input should be a valid date", "ja": "日付（例: 2012-04-01）を指定してください"},
    "pydantic.date_parsing": {
        "en": "Input should be a valid date in the format YYYY-MM-DD, {error}",
        "ja": "日付を YYYY-MM-DD の形式で指定してください（{error}）",
    },
    "pydantic.date_from_datetime_parsing": {
        "en": "Input should be a valid date or datetime, {error}",
        "ja": "日付を YYYY-MM-DD の形式で指定してください（{error}）",
    },
    "pydantic.literal_error": {"en": "Input should be {expected}", "ja": "{expected} のいずれかを指定してください"},
    "pydantic.list_type": {"en": "Input should be a valid list", "ja": "リスト（- で始まる項目）を指定してください"},
    "pydantic.dict_type": {
        "en": "Input should be a valid dictionary",
        "ja": "マッピング（キー: 値）を指定してください",
    },
    "pydantic.model_type": {
        "en": "Input should be a valid dictionary or instance of {class_name}",
        "ja": "マッピング（キー: 値）を指定してください（{class_name}）",
    },
    "pydantic.model_attributes_type": {
        "en": "Input should be a valid dictionary or object to extract fields from",
        "ja": "マッピング（キー: 値）を指定してください",
    },
    "pydantic.string_too_short": {
        "en": "String should have at least {min_length} character",
        "ja": "{min_length} 文字以上の文字列を指定してください",
    },
    "pydantic.string_too_long": {
        "en": "String should have at most {max_length} character",
        "ja": "{max_length} 文字以下の文字列を指定してください",
    },
    "pydantic.string_pattern_mismatch": {
        "en": "String should match pattern '{pattern}'",
        "ja": "パターン '{pattern}' に合う文字列を指定してください",
    },
    "pydantic.string_unicode": {
        "en": "Input should be a valid string, unable to parse raw data as a unicode string",
        "ja": "文字列を指定してください（Unicode の文字列として読み取れません）",
    },
    "pydantic.greater_than": {"en": "Input should be greater than {gt}", "ja": "{gt} より大きい値を指定してください"},
    "pydantic.greater_than_equal": {
        "en": "Input should be greater than or equal to {ge}",
        "ja": "{ge} 以上の値を指定してください",
    },
    "pydantic.less_than": {"en": "Input should be less than {lt}", "ja": "{lt} より小さい値を指定してください"},
    "pydantic.less_than_equal": {
        "en": "Input should be less than or equal to {le}",
        "ja": "{le} 以下の値を指定してください",
    },
    "pydantic.multiple_of": {
        "en": "Input should be a multiple of {multiple_of}",
        "ja": "{multiple_of} の倍数を指定してください",
    },
    "pydantic.finite_number": {"en": "Input should be a finite number", "ja": "有限の数値を指定してください"},
    "pydantic.int_from_float": {
        "en": "Input should be a valid integer, got a number with a fractional part",
        "ja": "整数を指定してください（小数部分のある数値です）",
    },
    "pydantic.int_parsing_size": {
        "en": "Unable to parse input string as an integer, exceeded maximum size",
        "ja": "整数として読み取れません（桁数が多すぎます）",
    },
    "pydantic.too_short": {
        "en": "should have at least {min_length} item after validation, not {actual_length}",
        "ja": "{min_length} 個以上の項目が必要です（{actual_length} 個です）",
    },
    "pydantic.too_long": {
        "en": "should have at most {max_length} item after validation, not {actual_length}",
        "ja": "項目は {max_length} 個までです（{actual_length} 個あります）",
    },
    "pydantic.enum": {"en": "Input should be {expected}", "ja": "{expected} のいずれかを指定してください"},
    "pydantic.none_required": {"en": "Input should be None", "ja": "値を書かないでください（null）"},
    "pydantic.tuple_type": {"en": "Input should be a valid tuple", "ja": "リスト（- で始まる項目）を指定してください"},
    "pydantic.set_type": {"en": "Input should be a valid set", "ja": "リスト（- で始まる項目）を指定してください"},
    "pydantic.frozen_set_type": {
        "en": "Input should be a valid frozenset",
        "ja": "リスト（- で始まる項目）を指定してください",
    },
    "pydantic.iterable_type": {"en": "Input should be iterable", "ja": "リスト（- で始まる項目）を指定してください"},
    "pydantic.invalid_key": {"en": "Keys should be strings", "ja": "キーは文字列で書いてください"},
    "pydantic.datetime_type": {"en": "Input should be a valid datetime", "ja": "日時を指定してください"},
    "pydantic.datetime_parsing": {
        "en": "Input should be a valid datetime, {error}",
        "ja": "日時を指定してください（{error}）",
    },
    "pydantic.datetime_from_date_parsing": {
        "en": "Input should be a valid datetime or date, {error}",
        "ja": "日時か日付を指定してください（{error}）",
    },
    "pydantic.date_from_datetime_inexact": {
        "en": "Datetimes provided to dates should have zero time - e.g. be exact dates",
        "ja": "日付を指定してください（時刻のある日時は使えません）",
    },
    "pydantic.date_past": {"en": "Date should be in the past", "ja": "過去の日付を指定してください"},
    "pydantic.date_future": {"en": "Date should be in the future", "ja": "将来の日付を指定してください"},
    "pydantic.time_type": {"en": "Input should be a valid time", "ja": "時刻を指定してください"},
    "pydantic.time_parsing": {
        "en": "Input should be in a valid time format, {error}",
        "ja": "時刻を正しい形式で指定してください（{error}）",
    },
    "pydantic.decimal_type": {
        "en": "Decimal input should be an integer, float, string or Decimal object",
        "ja": "数値を指定してください",
    },
    "pydantic.decimal_parsing": {"en": "Input should be a valid decimal", "ja": "10進数の数値を指定してください"},
    "pydantic.url_parsing": {"en": "Input should be a valid URL, {error}", "ja": "URL を指定してください（{error}）"},
    "pydantic.union_tag_invalid": {
        "en": "Input tag '{tag}' found using {discriminator} does not match any of the expected tags: {expected_tags}",
        "ja": "{discriminator} の値 '{tag}' はどれにも当てはまりません。使える値: {expected_tags}",
    },
    "pydantic.union_tag_not_found": {
        "en": "Unable to extract tag using discriminator {discriminator}",
        "ja": "{discriminator} がないため種類を判断できません",
    },
    # the {error} pydantic's date and time checks give (speedate's words), keyed by their exact English
    "pydantic.detail.too-short": {"en": "input is too short", "ja": "短すぎます"},
    "pydantic.detail.too-long": {"en": "input is too long", "ja": "長すぎます"},
    "pydantic.detail.year-char": {"en": "invalid character in year", "ja": "年に使えない文字があります"},
    "pydantic.detail.month-char": {"en": "invalid character in month", "ja": "月に使えない文字があります"},
    "pydantic.detail.day-char": {"en": "invalid character in day", "ja": "日に使えない文字があります"},
    "pydantic.detail.hour-char": {"en": "invalid character in hour", "ja": "時に使えない文字があります"},
    "pydantic.detail.minute-char": {"en": "invalid character in minute", "ja": "分に使えない文字があります"},
    "pydantic.detail.second-char": {"en": "invalid character in second", "ja": "秒に使えない文字があります"},
    "pydantic.detail.date-sep": {
        "en": "invalid date separator, expected `-`",
        "ja": "日付の区切りが正しくありません（'-' で区切ります）",
    },
    "pydantic.detail.datetime-sep": {
        "en": "invalid datetime separator, expected `T`, `t`, `_` or space",
        "ja": "日付と時刻の区切りが正しくありません（'T' か空白で区切ります）",
    },
    "pydantic.detail.month-range": {
        "en": "month value is outside expected range of 1-12",
        "ja": "月が 1～12 の範囲外です",
    },
    "pydantic.detail.day-range": {"en": "day value is outside expected range", "ja": "その月にない日です"},
    "pydantic.detail.hour-range": {
        "en": "hour value is outside expected range of 0-23",
        "ja": "時が 0～23 の範囲外です",
    },
    "pydantic.detail.extra": {
        "en": "unexpected extra characters at the end of the input",
        "ja": "末尾に余分な文字があります",
    },
    # ---- the activity file's own checks (offsetcalc.models)
    "model.what.value": {"en": "value", "ja": "値"},
    "model.what.factor-value": {"en": "factor value", "ja": "排出係数の値"},
    "model.what.value-of": {"en": "value of {gas}", "ja": "{gas} の値"},
    "model.what.units": {"en": "units", "ja": "数量（units）"},
    "model.gwp-set": {
        "en": "{detail} (use AR2, AR4, AR5 or AR6)",
        "ja": "{detail}（AR2、AR4、AR5、AR6 のいずれかを指定してください）",
    },
    "model.not-a-number": {"en": "{what} must be a number", "ja": "{what}は数値でなければなりません"},
    "model.too-large": {
        "en": "{what}{value} is absurdly large (over {limit}); check the unit",
        "ja": "{what}{value} は大きすぎます（{limit} 超）。単位を確認してください",
    },
    "model.nan": {"en": "{what} is NaN (not a number)", "ja": "{what}が NaN（数値ではない）です"},
    "model.infinite": {"en": "{what} is infinite", "ja": "{what}が無限大です"},
    "model.negative": {
        "en": "{what} is negative; quantities are zero or positive",
        "ja": "{what}が負です。量は0以上です",
    },
    "model.period-order": {
        "en": "period ends ({end}) before it starts ({start})",
        "ja": "対象期間の終わり（{end}）が始まり（{start}）より前です",
    },
    "model.block-order": {
        "en": "serial block ends ({end}) before it starts ({start})",
        "ja": "シリアル番号のブロックの終わり（{end}）が始まり（{start}）より前です",
    },
    "model.units-zero": {"en": "units must be more than zero", "ja": "数量（units）は0より大きくなければなりません"},
    "model.version": {
        "en": "unsupported format version {version}: this offsetcalc reads format {supported}",
        "ja": "形式のバージョン {version} には対応していません。この offsetcalc が読めるのは形式 {supported} です",
    },
    "model.activity.both": {
        "en": "an activity has either 'quantity' + 'factor' or 'emissions', not both",
        "ja": "活動には 'quantity' + 'factor' か 'emissions' のどちらか一方を書きます（両方は不可）",
    },
    "model.activity.neither": {
        "en": "an activity needs 'quantity' + 'factor', or a finished figure 'emissions:' with its 'source:'",
        "ja": "活動には 'quantity' + 'factor'、または算定済みの値 'emissions:' とその 'source:' が必要です",
    },
    "model.activity.no-quantity": {
        "en": "an activity with 'factor' needs 'quantity' too",
        "ja": "'factor' のある活動には 'quantity' も必要です",
    },
    "model.activity.no-factor": {
        "en": "an activity with 'quantity' needs 'factor' too",
        "ja": "'quantity' のある活動には 'factor' も必要です",
    },
    "model.activity.no-source": {
        "en": "a finished 'emissions:' figure needs its 'source:' (report, table, page)",
        "ja": "算定済みの値 'emissions:' には 'source:'（報告書・表・ページ）が必要です",
    },
    "model.city.negative": {
        "en": "'emissions:' is negative in {cell}; only AFOLU cells (V.1, V.2, V.3) report net removals",
        "ja": "{cell} の 'emissions:' が負です。純吸収を報告できるのは AFOLU の区分（V.1、V.2、V.3）だけです",
    },
    "model.factor.value-or-gases": {
        "en": "a factor has either 'value' (CO2e) or 'gases' (per-gas values), not both or neither",
        "ja": "排出係数には 'value'（CO2 換算）か 'gases'（ガス別の値）のどちらか一方を書きます",
    },
    # ---- units and quantities
    "unit.syntax.comma": {"en": "unit '{text}' holds a comma", "ja": "単位 '{text}' にカンマが含まれています"},
    "unit.syntax.comma.hint": {
        "en": "a unit has no commas; in a quantity, write the number with a decimal point: '1500.5 kWh'",
        "ja": "単位にカンマは使いません。活動量の小数は小数点で書いてください: '1500.5 kWh'",
    },
    "unit.unknown": {"en": "unknown unit '{name}' in '{text}'", "ja": "'{text}' の単位 '{name}' は不明です"},
    "unit.unknown.hint": {
        "en": "units are written as in 'kWh', 'kL', 't', '1000 Nm3', 'person * km', 't-CO2 / kL'",
        "ja": "単位は 'kWh'、'kL'、't'、'1000 Nm3'、'person * km'、't-CO2 / kL' のように書きます",
    },
    "unit.unknown.hint-dym": {
        "en": "{dym} units are written as in 'kWh', 'kL', 't', '1000 Nm3', 'person * km', 't-CO2 / kL'",
        "ja": "{dym} 単位は 'kWh'、'kL'、't'、'1000 Nm3'、'person * km'、't-CO2 / kL' のように書きます",
    },
    "unit.syntax": {"en": "cannot read unit '{text}': {detail}", "ja": "単位 '{text}' を読み取れません: {detail}"},
    "unit.missing": {"en": "'{text}' is a number, not a unit", "ja": "'{text}' は数値で、単位ではありません"},
    "unit.dimension": {
        "en": "'{source}' cannot be converted to '{target}': {got} is not {wanted}",
        "ja": "'{source}' は '{target}' に換算できません: {got}は{wanted}ではありません",
    },
    "unit.dimension.factor": {
        "en": "quantity '{quantity}' cannot be used with factor '{ref}' ({per}): {got} is not {wanted}",
        "ja": "活動量 '{quantity}' は排出係数 '{ref}'（{per}）に使えません: {got}は{wanted}ではありません",
    },
    "unit.dimension.row": {
        "en": "unit '{quantity}' cannot be used with factor '{ref}' ({per}): {got} is not {wanted}",
        "ja": "単位 '{quantity}' は排出係数 '{ref}'（{per}）に使えません: {got}は{wanted}ではありません",
    },
    "unit.dimension.factor.hint": {
        "en": "give the quantity in a unit of the factor's activity, or choose a factor for this unit",
        "ja": "活動量を排出係数の活動の単位で記載するか、この単位に合う排出係数を選んでください",
    },
    "quantity.no-unit": {"en": "quantity {text} has no unit", "ja": "活動量 {text} に単位がありません"},
    "quantity.no-unit.hint": {
        "en": "write a number and a unit, e.g. '180 L' or {{value: 180, unit: L}}",
        "ja": "数値と単位を書いてください（例: '180 L'、{{value: 180, unit: L}}）",
    },
    "quantity.no-unit.after": {
        "en": "write a unit after the number, e.g. '{text} kWh'",
        "ja": "数値の後に単位を書いてください（例: '{text} kWh'）",
    },
    "quantity.syntax": {"en": "cannot read quantity '{text}'", "ja": "活動量 '{text}' を読み取れません"},
    "quantity.syntax.hint": {
        "en": "write a number and a unit, e.g. '180 L' or '40 person * 12 km'",
        "ja": "数値と単位を書いてください（例: '180 L'、'40 person * 12 km'）",
    },
    "quantity.syntax.no-number": {"en": "quantity '{text}' has no number", "ja": "活動量 '{text}' に数値がありません"},
    "quantity.syntax.no-number.hint": {
        "en": "write a number and a unit, e.g. '180 L'",
        "ja": "数値と単位を書いてください（例: '180 L'）",
    },
    "quantity.ambiguous": {
        "en": "quantity '{text}' is ambiguous: a number inside the unit is followed by another '/'",
        "ja": "活動量 '{text}' は曖昧です: 単位の中の数値の後にさらに '/' があります",
    },
    "quantity.ambiguous.hint": {
        "en": "'10,000 km / 8 km/L' reads as (10,000 km / 8 km) / L; "
        "write the divisor in parentheses: '10,000 km / (8 km/L)'",
        "ja": "'10,000 km / 8 km/L' は (10,000 km / 8 km) / L と読まれます。"
        "割る数は括弧で囲んでください: '10,000 km / (8 km/L)'",
    },
    "quantity.number.decimal-comma": {
        "en": "cannot read the number in quantity '{text}'",
        "ja": "活動量 '{text}' の数値を読み取れません",
    },
    "quantity.number.decimal-comma.hint": {
        "en": "a decimal comma is not read: write '1500.5 kWh', not '1.500,5 kWh' "
        "(commas only group thousands: '1,500.5 kWh')",
        "ja": "小数点にカンマは使えません: '1.500,5 kWh' ではなく '1500.5 kWh' と書いてください"
        "（カンマは3桁区切りにだけ使えます: '1,500.5 kWh'）",
    },
    "quantity.number.two": {
        "en": "quantity '{text}' has two numbers in a row ('{number}' then '{next}')",
        "ja": "活動量 '{text}' に数値が2つ続いています（'{number}' の次に '{next}'）",
    },
    "quantity.number.two.hint": {
        "en": "a space does not group thousands: write '12345 kWh' or '12,345 kWh'; "
        "for a unit with a number in it use the mapping form, e.g. {{value: 3, unit: 1000 Nm3}}",
        "ja": "空白は3桁区切りになりません: '12345 kWh' または '12,345 kWh' と書いてください。"
        "数値を含む単位はマッピング形式で書きます（例: {{value: 3, unit: 1000 Nm3}}）",
    },
    "unit.ambiguous": {"en": "unit '{text}' is ambiguous", "ja": "単位 '{text}' は曖昧です"},
    "unit.ambiguous.ton": {
        "en": "'ton' is ambiguous (pint reads it as a short ton of 907 kg): write 't' for the metric tonne",
        "ja": "'ton' は曖昧です（907 kg の米トンと読まれます）。メートル法のトンは 't' と書いてください",
    },
    "unit.ambiguous.tons": {
        "en": "'tons' is ambiguous (a short ton is 907 kg): write 't' for the metric tonne",
        "ja": "'tons' は曖昧です（米トンは 907 kg）。メートル法のトンは 't' と書いてください",
    },
    "unit.ambiguous.short_ton": {
        "en": "short tons are not used in this field: write 't' for the metric tonne",
        "ja": "この分野では米トンは使いません。メートル法のトンは 't' と書いてください",
    },
    "unit.ambiguous.long_ton": {
        "en": "long tons are not used in this field: write 't' for the metric tonne",
        "ja": "この分野では英トンは使いません。メートル法のトンは 't' と書いてください",
    },
    "unit.ambiguous.kton": {
        "en": "'kton' is ambiguous: write 'kt' (1000 t)",
        "ja": "'kton' は曖昧です。'kt'（1000 t）と書いてください",
    },
    "unit.ambiguous.mt": {
        "en": "'mt' is a millitonne (1 kg) to pint, while US reports write 'MT' or 'mtCO2e' for the metric "
        "ton: write 't' (or 't-CO2e'), or 'kg' if a thousandth of a tonne is meant",
        "ja": "'mt' は pint ではミリトン（1 kg）ですが、米国の報告書はメートルトンを 'MT'・'mtCO2e' と書きます。"
        "'t'（または 't-CO2e'）、1000 分の 1 トンなら 'kg' と書いてください",
    },
    "unit.ambiguous.barrel": {
        "en": "a barrel is 31.5 US gallons (119.2 L) to pint but 42 gallons (158.99 L) for oil, and the oil "
        "trade's 'Mbbl' is a thousand barrels: write 'L' or 'kL', or 'oil_barrel' for the 42-gallon barrel",
        "ja": "pint のバレルは 31.5 米ガロン（119.2 L）ですが、石油のバレルは 42 ガロン（158.99 L）で、石油業界の"
        "'Mbbl' は千バレルです。'L' か 'kL'、42 ガロンのバレルなら 'oil_barrel' と書いてください",
    },
    "unit.ambiguous.gallon": {
        "en": "a gallon is the US gallon (3.785 L) to pint and the imperial gallon (4.546 L) elsewhere: "
        "write 'L', 'US_liquid_gallon' or 'imperial_gallon'",
        "ja": "pint のガロンは米ガロン（3.785 L）ですが、英ガロンは 4.546 L です。"
        "'L'、'US_liquid_gallon' または 'imperial_gallon' と書いてください",
    },
    "unit.ambiguous.mbtu": {
        "en": "'MBtu' is a million Btu in SI but a thousand Btu in the US energy trade (where MMBtu is a "
        "million): write 'kBtu' for a thousand, '1e6 Btu' for a million, or 'GJ'",
        "ja": "'MBtu' は SI では百万 Btu ですが、米国のエネルギー業界では千 Btu です（百万は MMBtu）。"
        "千なら 'kBtu'、百万なら '1e6 Btu'、または 'GJ' と書いてください",
    },
    "unit.ambiguous.mlb": {
        "en": "'Mlb' is a million pounds in SI but a thousand pounds where US district steam is sold: "
        "write 'klb' for a thousand, '1e6 lb' for a million, or 't'",
        "ja": "'Mlb' は SI では百万ポンドですが、米国の地域蒸気の取引では千ポンドです。"
        "千なら 'klb'、百万なら '1e6 lb'、または 't' と書いてください",
    },
    "unit.ambiguous.volume": {
        "en": "'km3', 'Mm3' and 'Gm3' mean thousands or millions of cubic metres in the gas trade and "
        "cubic kilometres (10^9 m3) and more in SI: write '1000 m3' (or 千m3), '1e6 m3', or 'km**3'",
        "ja": "'km3'・'Mm3'・'Gm3' は、ガス業界では千・百万立方メートル、SI では立方キロメートル（10^9 m3）以上を"
        "意味します。'1000 m3'（千m3）、'1e6 m3'、または 'km**3' と書いてください",
    },
    "unit.required": {"en": "a unit is required", "ja": "単位が必要です"},
    "unit.required.hint": {
        "en": "write a unit after the number, e.g. '180 L'",
        "ja": "数値の後に単位を書いてください（例: '180 L'）",
    },
    "unit.scale": {
        "en": "unit '{text}' has a scale that is not a positive finite number",
        "ja": "単位 '{text}' の倍率が正の有限の数ではありません",
    },
    "quantity.not-a-number": {"en": "'{text}' is not a number", "ja": "'{text}' は数値ではありません"},
    "quantity.not-a-number.comma": {
        "en": "a decimal comma is not read: write '1500.5', not '1.500,5' or '1500,5' "
        "(commas only group thousands: '1,500.5')",
        "ja": "小数点にカンマは使えません: '1.500,5' や '1500,5' ではなく '1500.5' と書いてください"
        "（カンマは3桁区切りにだけ使えます: '1,500.5'）",
    },
    "quantity.not-a-number.plain": {
        "en": "write a plain number such as 1500 or 1500.5",
        "ja": "1500 や 1500.5 のような数値を書いてください",
    },
    "quantity.bare-number.hint": {
        "en": "write a number and a unit, e.g. '{n} kWh' or {{value: {n}, unit: kWh}}; "
        "inside {{...}} a comma ends the value, so quote a number with separators: '1,200 kWh'",
        "ja": "数値と単位を書いてください（例: '{n} kWh'、{{value: {n}, unit: kWh}}）。"
        "{{...}} の中ではカンマで値が終わるため、区切りのある数値は引用符で囲んでください: '1,200 kWh'",
    },
    "factor.unit": {
        "en": "factor unit '{unit}' is not a CO2e mass per activity unit",
        "ja": "排出係数の単位 '{unit}' は活動の単位あたりの CO2 換算質量ではありません",
    },
    "factor.unit.hint": {
        "en": "write it as CO2e over the activity, e.g. 't-CO2 / kL' or 'g-CO2 / (person * km)'",
        "ja": "CO2 換算量 / 活動量 の形で書いてください（例: 't-CO2 / kL'、'g-CO2 / (person * km)'）",
    },
    "factor.unit.gases.hint": {
        "en": "per-gas values are masses of each gas, e.g. unit: kg / L with gases: {{CO2: 2.58, CH4: 0.00014}}",
        "ja": "ガス別の値は各ガスの質量で書きます（例: unit: kg / L と gases: {{CO2: 2.58, CH4: 0.00014}}）",
    },
    "gwp.unknown": {"en": "unknown GWP set '{name}'", "ja": "地球温暖化係数のセット '{name}' はありません"},
    "gwp.unknown.hint": {"en": "use one of {sets}", "ja": "{sets} のいずれかを指定してください"},
    "gwp.gas": {"en": "no {set} GWP for gas '{gas}'", "ja": "ガス '{gas}' の {set} の地球温暖化係数はありません"},
    "gwp.gas.hint": {
        "en": "gases are named like CO2, CH4, N2O, SF6, HFC-134a",
        "ja": "ガスは CO2、CH4、N2O、SF6、HFC-134a のように書きます",
    },
    "schema.not-mapping": {
        "en": "an activity file is a mapping that starts with 'offsetcalc: 1'",
        "ja": "活動ファイルは 'offsetcalc: 1' で始まるマッピングです",
    },
    "schema.version": {
        "en": "missing 'offsetcalc: 1' (the format version)",
        "ja": "'offsetcalc: 1'（形式のバージョン）がありません",
    },
    "schema.version.hint": {
        "en": "start the file with 'offsetcalc: 1'",
        "ja": "ファイルを 'offsetcalc: 1' で始めてください",
    },
    "schema.product-missing": {
        "en": "a product file needs 'product: {{name, functional_unit, units}}'",
        "ja": "商品・サービス型のファイルには 'product: {{name, functional_unit, units}}' が必要です",
    },
    "schema.product-missing.hint": {
        "en": "e.g. product: {{name: Gift box, functional_unit: 1 box, units: 12000}}",
        "ja": "例: product: {{name: Gift box, functional_unit: 1 box, units: 12000}}",
    },
    "schema.product-unexpected": {
        "en": "'product:' is only for kind: product",
        "ja": "'product:' は kind: product（商品・サービス型）にだけ書きます",
    },
    "schema.per-unit": {
        "en": "'per: unit' is only for kind: product",
        "ja": "'per: unit' は kind: product（商品・サービス型）にだけ書きます",
    },
    # ---- PDF (offsetcalc.report.pdf)
    "pdf.no-browser": {
        "en": "PDF output needs Chromium, which was not found: install it ({install}) or write HTML (-o report.html)",
        "ja": "PDF の出力には Chromium が必要ですが、見つかりません。インストールする（{install}）か、"
        "HTML で出力してください（-o report.html）",
    },
    "pdf.no-browser.env": {
        "en": "OFFSETCALC_CHROMIUM={value} is not an executable",
        "ja": "OFFSETCALC_CHROMIUM={value} は実行可能なファイルではありません",
    },
    "pdf.timeout": {
        "en": "Chromium did not finish within {seconds} s",
        "ja": "Chromium が {seconds} 秒以内に終わりませんでした",
    },
    "pdf.browser-failed": {
        "en": "Chromium failed (exit {code}): {last}",
        "ja": "Chromium が失敗しました（終了コード {code}）: {last}",
    },
    "pdf.empty": {"en": "Chromium wrote no PDF", "ja": "Chromium が PDF を書き出しませんでした"},
    # ---- city inventories (offsetcalc.engine.city)
    "gpc.unknown-ref": {"en": "'{ref}' is not a GPC reference number", "ja": "'{ref}' は GPC の区分番号ではありません"},
    "gpc.unknown-ref.hint": {
        "en": "references look like I.1.2, II.5.1, III.4.2, IV.1, V.3",
        "ja": "区分番号は I.1.2、II.5.1、III.4.2、IV.1、V.3 のように書きます",
    },
    "schema.city-tables.key": {
        "en": "'{name}' is not used in a city file's activities_from",
        "ja": "'{name}' は区域（kind: city）のファイルの activities_from では使いません",
    },
    "schema.city-tables.key.hint": {
        "en": "a row's GPC cell is its 'gpc' column (columns: {{gpc: …}}) or 'gpc:' here",
        "ja": "行の GPC の区分は 'gpc' 列（columns: {{gpc: …}}）またはここの 'gpc:' で示します",
    },
    "gpc.scope-mismatch": {
        "en": "scope {scope} contradicts GPC cell {cell}, which is scope {cell_scope}",
        "ja": "スコープ {scope} は GPC の区分 {cell}（スコープ {cell_scope}）と矛盾します",
    },
    "gpc.row-no-cell": {"en": "row has no GPC cell", "ja": "行に GPC の区分がありません"},
    "gpc.row-no-cell.hint": {
        "en": "fill the gpc column, or give 'gpc:' in activities_from",
        "ja": "gpc 列を埋めるか、activities_from に 'gpc:' を書いてください",
    },
    "gpc.row-scope-mismatch.hint": {
        "en": "{ref}: {description}; leave the scope empty (it follows from the cell)",
        "ja": "{ref}: {description}。スコープは空欄にしてください（区分から決まります）",
    },
    "gpc.scope-mismatch.hint": {
        "en": "{ref}: {description}; drop 'scope:' (it follows from the cell) or choose the right cell",
        "ja": "{ref}: {description}。'scope:' を削除する（区分から決まります）か、正しい区分を選んでください",
    },
    "gpc.emissions-unit": {
        "en": "{what} '{q}' is not a mass of CO2e",
        "ja": "{what} '{q}' は CO2 換算の質量ではありません",
    },
    "gpc.emissions-unit.hint": {
        "en": "write it in t-CO2e (or kg-CO2e), e.g. '1,500 t-CO2e'",
        "ja": "t-CO2e（または kg-CO2e）で書いてください（例: '1,500 t-CO2e'）",
    },
    # ---- user profiles (offsetcalc.rules.profile)
    "profile.not-profile": {
        "en": "a standard profile is a mapping that starts with 'offsetcalc-profile: 1'",
        "ja": "認証基準のプロファイルは 'offsetcalc-profile: 1' で始まるマッピングです",
    },
    "profile.version": {
        "en": "unsupported profile format {version}; this offsetcalc reads format 1",
        "ja": "プロファイルの形式 {version} には対応していません。この offsetcalc が読めるのは形式 1 です",
    },
    "profile.builtin-id": {
        "en": "profile id '{id}' is the id of a built-in profile; a profile of your own needs its own id",
        "ja": "プロファイルの id '{id}' は組み込みのプロファイルの id です。独自のプロファイルには独自の id が必要です",
    },
    "profile.builtin-id.lookalike": {
        "en": "profile id '{id}' reads as the built-in profile '{builtin}'; a profile of your own needs an id of "
        "its own",
        "ja": "プロファイルの id '{id}' は組み込みのプロファイル '{builtin}' と同じに読めます。"
        "独自のプロファイルには独自の id が必要です",
    },
    "profile.id-invisible": {
        "en": "profile id '{id}' holds an invisible or control character ({code} {name}): a report would show "
        "the id other than it is",
        "ja": "プロファイルの id '{id}' に不可視文字または制御文字（{code} {name}）があります。"
        "報告書では id が実際と異なって表示されます",
    },
    "profile.id-invisible.hint": {
        "en": "write the id in visible characters only, e.g. 'id: house-rules'",
        "ja": "id は表示される文字だけで書いてください（例: 'id: house-rules'）",
    },
    "profile.builtin-id.hint": {"en": "e.g. 'id: my-{id}'", "ja": "例: 'id: my-{id}'"},
    "profile.source": {
        "en": "source '{ref}' is not defined under 'sources:'",
        "ja": "出典 '{ref}' は 'sources:' に定義されていません",
    },
    "profile.source.hint": {"en": "defined sources: {sources}", "ja": "定義されている出典: {sources}"},
    "profile.outside": {
        "en": "profile '{path}' is outside the submission's folder",
        "ja": "プロファイル '{path}' は申請ファイルのフォルダの外にあります",
    },
    "profile.outside.hint": {
        "en": "a submission names a profile file in its own folder or below; "
        "a certifier can give any profile with --standard PATH",
        "ja": "申請ファイルが指定できるのは自分のフォルダ以下のプロファイルファイルです。"
        "認証機関は --standard PATH で任意のプロファイルを指定できます",
    },
    "profile.not-file": {
        "en": "profile '{path}' is not a regular file (a folder, a FIFO or a device)",
        "ja": "プロファイル '{path}' は通常のファイルではありません（フォルダ、FIFO、デバイス）",
    },
    "profile.rule": {"en": "unknown rule '{id}'", "ja": "規則 '{id}' は不明です"},
    "profile.rule.hint": {"en": "see the README's list of rule IDs", "ja": "README の規則 ID の一覧を参照してください"},
    "profile.boundary.twice": {
        "en": "boundary source '{id}' listed twice for {kind}",
        "ja": "算定対象範囲の排出源 '{id}' が {kind} に2回記載されています",
    },
    "profile.boundary.empty": {
        "en": "boundary source '{id}' names no categories and no scopes, so nothing can match it",
        "ja": "算定対象範囲の排出源 '{id}' にカテゴリもスコープもないため、どの活動も該当しません",
    },
    # ---- scope 2 (offsetcalc.engine.scope2, api)
    "scope2.method": {"en": "unknown scope 2 method '{method}'", "ja": "スコープ2の算定方法 '{method}' は不明です"},
    "scope2.method.hint": {
        "en": "--scope2-method location or --scope2-method market",
        "ja": "--scope2-method location または --scope2-method market を指定してください",
    },
    "scope2.location-factor": {
        "en": "activity '{id}' (scope 2) has no location-based factor for {day}",
        "ja": "活動 '{id}'（スコープ2）に {day} のロケーション基準の排出係数がありません",
    },
    "scope2.this-period": {"en": "this period", "ja": "この期間"},
    "scope2.location-factor.hint": {
        "en": "scope 2 method 'location' ({chosen_by}) needs 'location_factor:' (the grid-average factor of the year) "
        "on each scope 2 activity; '{national}' is built in for FY2019 and FY2025 only",
        "ja": "スコープ2の算定方法 'location'（{chosen_by}）では、各スコープ2の活動に 'location_factor:'"
        "（その年の全国平均係数）が必要です。'{national}' は FY2019 と FY2025 の分だけ組み込まれています",
    },
    # ---- table limits (offsetcalc.io.limits)
    "table.too-many-columns": {
        "en": "table has {n} columns, over the limit of {limit}",
        "ja": "表の列数は {n} で、上限 {limit} を超えています",
    },
    "table.too-many-columns.hint": {
        "en": "export only the columns offsetcalc reads (quantity, unit, factor …)",
        "ja": "offsetcalc が読む列（quantity、unit、factor …）だけを出力してください",
    },
    "table.header-too-long": {
        "en": "the header (first row) is longer than {limit} bytes",
        "ja": "見出し（1行目）が {limit} バイトを超えています",
    },
    "table.header-too-long.hint": {
        "en": "is this a CSV table? its first line names the columns: quantity,unit,factor …",
        "ja": "CSV の表ですか？ 1行目に列名（quantity,unit,factor …）を書きます",
    },
    "table.column-type": {
        "en": "column '{name}' (used as '{std}') holds values of type {dtype}, not numbers, text or dates",
        "ja": "列 '{name}'（'{std}' として使用）の値は {dtype} 型で、数値・文字列・日付ではありません",
    },
    "table.column-type.hint": {
        "en": "export the column as numbers (quantities, factor values) or text (units, IDs)",
        "ja": "列を数値（活動量・係数値）または文字列（単位・ID）として出力してください",
    },
    # ---- tables named in activities_from (offsetcalc.io.open, engine.tables)
    "table.changed": {
        "en": "table changed while it was being opened",
        "ja": "開いている間に表が変更されました",
    },
    "table.changed.reading": {
        "en": "table '{path}' changed while it was read: its rows and its hash would not be of the same bytes",
        "ja": "表 '{path}' が読み込み中に変更されました。行とハッシュが同じ内容のものになりません",
    },
    "table.changed.reading.hint": {
        "en": "check the submission again once nothing writes to the table",
        "ja": "表への書き込みが終わってから、もう一度確認してください",
    },
    "table.outside": {
        "en": "table '{path}' is outside the activity file's folder",
        "ja": "表 '{path}' は活動ファイルのフォルダの外にあります",
    },
    "table.outside.hint": {
        "en": "tables are read only from the activity file's folder and its subfolders "
        "(an absolute path, '..' above the folder or a link leading out is refused); copy the table there",
        "ja": "表は活動ファイルのフォルダとそのサブフォルダからだけ読み込みます"
        "（絶対パス、フォルダより上への '..'、外へのリンクは不可）。表をそこへコピーしてください",
    },
    "table.missing": {
        "en": "no such table '{path}' (looked for {looked})",
        "ja": "表 '{path}' がありません（{looked} を探しました）",
    },
    "table.missing.hint": {
        "en": "the path is relative to the activity file",
        "ja": "パスは活動ファイルからの相対パスです",
    },
    "table.unreadable": {
        "en": "table '{path}' cannot be opened: {reason}",
        "ja": "表 '{path}' を開けません: {reason}",
    },
    "table.not-file": {"en": "table '{path}' is {what}", "ja": "表 '{path}' は{what}です"},
    "table.not-file.folder": {"en": "a folder", "ja": "フォルダ"},
    "table.not-file.special": {
        "en": "not a regular file (a FIFO or a device)",
        "ja": "通常のファイルではないもの（FIFO またはデバイス）",
    },
    "table.not-file.hint": {
        "en": "give the path of a .csv, .parquet or .xlsx file",
        "ja": ".csv、.parquet、.xlsx ファイルのパスを指定してください",
    },
    "table.unreadable.format": {"en": "cannot read {fmt} table: {first}", "ja": "{fmt} の表を読み込めません: {first}"},
    "table.unreadable.csv.hint": {
        "en": "CSV must be UTF-8 text, comma-separated, with a header row",
        "ja": "CSV は UTF-8 のテキストで、カンマ区切り、見出し行つきでなければなりません",
    },
    "table.unreadable.other.hint": {
        "en": "re-export the table; the file may be truncated or damaged",
        "ja": "表を出力し直してください。ファイルが途中で切れているか壊れている可能性があります",
    },
    "table.unreadable.io": {"en": "table cannot be read: {reason}", "ja": "表を読み込めません: {reason}"},
    "table.binary": {"en": "file is binary, not CSV", "ja": "ファイルはバイナリで、CSV ではありません"},
    "table.export.hint": {
        "en": "save it as CSV UTF-8 (comma-separated), Parquet or Excel .xlsx",
        "ja": "CSV UTF-8（カンマ区切り）、Parquet、Excel .xlsx のいずれかで保存してください",
    },
    "table.separator": {
        "en": "the header looks {name}-separated: offsetcalc reads comma-separated CSV",
        "ja": "見出しは{name}区切りのようです。offsetcalc が読むのはカンマ区切りの CSV です",
    },
    "table.separator.semicolon": {"en": "semicolon", "ja": "セミコロン"},
    "table.separator.tab": {"en": "tab", "ja": "タブ"},
    "table.separator.hint": {
        "en": "save as 'CSV UTF-8 (Comma delimited)' (a spreadsheet set to a language that writes "
        "decimal commas uses ';'), or save as .xlsx",
        "ja": "'CSV UTF-8 (コンマ区切り)' で保存するか（小数点にカンマを使う言語の設定では ';' になります）、"
        ".xlsx で保存してください",
    },
    "table.encoding.file": {"en": "file is {enc}, not UTF-8", "ja": "ファイルは {enc} で、UTF-8 ではありません"},
    "table.encoding.file.hint": {
        "en": "save as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)'; 'Unicode Text' writes UTF-16)",
        "ja": "UTF-8 で保存してください（Excel では 'CSV UTF-8 (コンマ区切り)'。'Unicode テキスト' は UTF-16 です）",
    },
    "table.encoding.line": {
        "en": "line {line} is not UTF-8 (byte 0x{byte} cannot be decoded)",
        "ja": "{line} 行目は UTF-8 ではありません（バイト 0x{byte} を読み取れません）",
    },
    "table.encoding.line.hint": {
        "en": "save the table as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)'); "
        "Shift_JIS and other encodings are not read",
        "ja": "表を UTF-8 で保存してください（Excel では 'CSV UTF-8 (コンマ区切り)'）。"
        "Shift_JIS などの文字コードは読み込めません",
    },
    "table.ragged": {
        "en": "{cells} cells but the header has {width}{start}",
        "ja": "セルが {cells} 個ありますが、見出しは {width} 個です{start}",
    },
    "table.ragged.hint": {
        "en": 'a comma inside a number or text must be quoted ("1,500"); '
        "or remove the extra cells, or add their column to the header",
        "ja": '数値や文字の中のカンマは引用符で囲んでください（"1,500"）。'
        "または余分なセルを削除するか、その列を見出しに加えてください",
    },
    "table.csv-syntax": {"en": "not valid CSV: {detail}{start}", "ja": "CSV として正しくありません: {detail}{start}"},
    "table.csv-syntax.hint": {
        "en": 'a cell that contains a quote is itself quoted, with the quote doubled: "12"" pipe"; '
        "an opening quote needs its closing quote",
        "ja": '引用符を含むセルは全体を引用符で囲み、中の引用符を二重にします: "12"" pipe"。'
        "開いた引用符には閉じる引用符が必要です",
    },
    "table.row-starts": {"en": " (the row starts on line {line})", "ja": "（この行は {line} 行目から始まります）"},
    "table.kind.zip": {
        "en": "a ZIP archive (an Excel .xlsx workbook or another document)",
        "ja": "ZIP アーカイブ（Excel .xlsx ブックまたは他の文書）",
    },
    "table.kind.parquet": {"en": "a Parquet file", "ja": "Parquet ファイル"},
    "table.kind.xls": {
        "en": "an old Excel .xls (or other Office 97) file",
        "ja": "古い Excel .xls（または他の Office 97）ファイル",
    },
    "table.kind.pdf": {"en": "a PDF document", "ja": "PDF 文書"},
    "table.kind.gzip": {"en": "gzip-compressed", "ja": "gzip 圧縮ファイル"},
    "table.kind.text": {"en": "CSV or other text", "ja": "CSV などのテキスト"},
    "table.kind.not-xlsx": {"en": "not an Excel .xlsx workbook", "ja": "Excel .xlsx ブック以外のファイル"},
    "table.not-parquet": {"en": "file is not Parquet", "ja": "ファイルは Parquet ではありません"},
    "table.not-parquet.is": {
        "en": "file is not Parquet: it is {what}",
        "ja": "ファイルは Parquet ではありません: {what}です",
    },
    "table.not-parquet.hint": {
        "en": "name the file after its format (.csv, .xlsx), or {export}",
        "ja": "ファイル名を実際の形式（.csv、.xlsx）に合わせるか、{export}",
    },
    "table.not-xlsx": {
        "en": "file is not an Excel .xlsx workbook: it is {what}",
        "ja": "ファイルは Excel .xlsx ブックではありません: {what}です",
    },
    "table.not-xlsx.hint": {
        "en": "open it in Excel and save as .xlsx (Excel Workbook), or {export}",
        "ja": "Excel で開いて .xlsx（Excel ブック）で保存するか、{export}",
    },
    "table.empty": {"en": "table is empty (no header row)", "ja": "表が空です（見出し行がありません）"},
    "table.empty.hint": {
        "en": "the first line names the columns: quantity,unit,factor …",
        "ja": "1 行目に列名を書きます: quantity,unit,factor …",
    },
    "table.binary.kind": {"en": "file is {kind}, not CSV", "ja": "ファイルは{kind}で、CSV ではありません"},
    "table.binary.xlsx.hint": {
        "en": "if it is an Excel workbook, name it .xlsx; otherwise {export}",
        "ja": "Excel ブックなら名前を .xlsx にしてください。そうでなければ、{export}",
    },
    "table.binary.parquet.hint": {"en": "name it .parquet", "ja": "名前を .parquet にしてください"},
    "table.binary.gzip.hint": {
        "en": "decompress it first (offsetcalc reads plain .csv)",
        "ja": "先に展開してください（offsetcalc が読むのは圧縮されていない .csv です）",
    },
    "table.column-label": {"en": "column {label} '{name}'", "ja": "列 {label} '{name}'"},
    "table.duplicate-column": {
        "en": "{n} columns are named '{name}': {shown}",
        "ja": "{n} つの列が '{name}' という名前です: {shown}",
    },
    "table.duplicate-column.hint": {
        "en": "offsetcalc will not guess which one holds the data: rename or delete the others",
        "ja": "どの列にデータがあるかを offsetcalc は推測しません。ほかの列の名前を変えるか削除してください",
    },
    "table.column-name": {"en": "'{name}' is not a standard column", "ja": "'{name}' は標準の列名ではありません"},
    "table.column-per": {
        "en": "column '{name}' is not read: a table row's quantity is for everything the file covers, "
        "never per unit of a product",
        "ja": "列 '{name}' は読み込まれません。"
        "表の各行の数量はファイルの対象全体の量で、製品 1 単位あたりの量ではありません",
    },
    "table.column-per.hint": {
        "en": "multiply the quantity by the units sold in the table, or move the activity into the file's "
        "activities: with 'per: unit'",
        "ja": "表の数量に販売数量を掛けるか、その活動をファイルの activities: に 'per: unit' 付きで記載してください",
    },
    "table.column-name.hint": {
        "en": "{dym} columns: maps a standard name ({names}) to a header of the table",
        "ja": "{dym} columns: は標準の列名（{names}）を表の見出しに対応づけます",
    },
    "table.column-missing.given": {
        "en": "no column '{given}' (given for '{std}' in activities_from)",
        "ja": "列 '{given}' がありません（activities_from で '{std}' に指定された列）",
    },
    "table.column-missing.given.hint": {
        "en": "{dym} the table's columns: {columns}",
        "ja": "{dym} 表の列: {columns}",
    },
    "table.no-column": {"en": "table has no column {columns}", "ja": "表に列 {columns} がありません"},
    "table.no-column.unit": {
        "en": "'unit' (or 'unit:' in activities_from)",
        "ja": "'unit'（または activities_from の 'unit:'）",
    },
    "table.no-column.factor": {
        "en": "'factor' (or 'factor_value' and 'factor_unit', or 'factor:' in activities_from)",
        "ja": "'factor'（または 'factor_value' と 'factor_unit'、または activities_from の 'factor:'）",
    },
    "table.no-column.hint": {
        "en": "the table's columns: {columns}; rename with 'columns: {{quantity: <header>}}' in activities_from",
        "ja": "表の列: {columns}。activities_from の 'columns: {{quantity: <見出し>}}' で名前を対応づけてください",
    },
    "table.columns.none": {"en": "(none)", "ja": "（なし）"},
    "row.what.quantity": {"en": "quantity", "ja": "活動量"},
    "row.what.factor-value": {"en": "factor value", "ja": "排出係数の値"},
    "row.not-number": {"en": "{what} '{text}' is not a number", "ja": "{what} '{text}' は数値ではありません"},
    "row.not-number.hint": {
        "en": "write a plain number such as 1500 or 1500.5",
        "ja": "1500 や 1500.5 のような数値だけを書いてください",
    },
    "row.number-and-unit.hint": {
        "en": "a quantity cell holds the number alone: write {number} here and '{unit}' in the 'unit' column "
        "(or give 'unit:' in activities_from)",
        "ja": "活動量のセルには数値だけを書きます: ここに {number}、'unit' 列に '{unit}' を書いてください"
        "（または activities_from で 'unit:' を指定してください）",
    },
    "row.nan": {"en": "{what} is NaN (not a number)", "ja": "{what}が NaN（数値ではない）です"},
    "row.infinite": {"en": "{what} is infinite", "ja": "{what}が無限大です"},
    "row.negative": {
        "en": "{what} {text} is negative; it must be zero or positive",
        "ja": "{what} {text} が負の数です。0 以上でなければなりません",
    },
    "row.too-large": {
        "en": "{what} {text} is absurdly large (over {limit})",
        "ja": "{what} {text} が大きすぎます（{limit} 超）",
    },
    "row.too-large.hint": {"en": "check the unit and the column", "ja": "単位と列を確かめてください"},
    "row.missing.quantity": {"en": "missing quantity", "ja": "活動量がありません"},
    "row.missing.quantity.hint": {
        "en": "an empty cell is not zero: write 0 if nothing was used",
        "ja": "空のセルは 0 ではありません。使用量がなければ 0 と書いてください",
    },
    "row.missing.factor": {"en": "missing factor", "ja": "排出係数がありません"},
    "row.missing.factor.hint": {
        "en": "give a factor ID in the 'factor' column, or 'factor_value' and 'factor_unit'",
        "ja": "'factor' 列に排出係数 ID を書くか、'factor_value' と 'factor_unit' を書いてください",
    },
    "row.factor-ambiguous": {
        "en": "the row gives both a factor ID ('{factor}') and a factor_value ({value}): which one applies "
        "is ambiguous",
        "ja": "行に排出係数 ID（'{factor}'）と factor_value（{value}）の両方があり、どちらを使うか決められません",
    },
    "row.factor-ambiguous.hint": {
        "en": "leave factor_value empty to use the factor ID, or leave the 'factor' cell empty (and give no "
        "'factor:' in activities_from) to use the row's own value with factor_unit",
        "ja": "排出係数 ID を使うなら factor_value を空に、行の値を factor_unit と共に使うなら 'factor' のセルを空に"
        "してください（activities_from の 'factor:' も指定しません）",
    },
    "row.missing.unit": {"en": "missing unit", "ja": "単位がありません"},
    "row.missing.unit.hint": {
        "en": "fill the unit column, or give 'unit:' in activities_from",
        "ja": "unit 列を埋めるか、activities_from で 'unit:' を指定してください",
    },
    "row.factor-unit": {
        "en": "factor unit '{unit}' is not CO2e per activity unit",
        "ja": "排出係数の単位 '{unit}' は活動量の単位あたりの CO2e ではありません",
    },
    "row.factor-unit.hint": {
        "en": "write e.g. 'kg-CO2e / kWh' (per-gas factors go in a factor table)",
        "ja": "例えば 'kg-CO2e / kWh' と書いてください（ガス別の排出係数は排出係数表に書きます）",
    },
    "row.scope": {
        "en": "scope '{scope}' is not 1, 2 or 3",
        "ja": "スコープ '{scope}' は 1、2、3 のいずれでもありません",
    },
    "row.date": {"en": "date '{text}' is not a date", "ja": "日付 '{text}' は日付ではありません"},
    "row.date.hint": {"en": "write dates as YYYY-MM-DD", "ja": "日付は YYYY-MM-DD の形で書いてください"},
    "row.date.serial.hint": {
        "en": "this looks like an Excel date serial number: format the column as a date, or write dates as YYYY-MM-DD",
        "ja": "Excel の日付のシリアル値のようです。列の書式を日付にするか、日付を YYYY-MM-DD の形で書いてください",
    },
    "row.bad": {"en": "bad row", "ja": "不正な行"},
    "table.listed-twice": {
        "en": "table '{path}' is listed twice (first at line {line}:{col}): its rows would be counted twice",
        "ja": "表 '{path}' が二度指定されています（最初は {line} 行 {col} 列）。その行が二重に計上されます",
    },
    "table.same-content": {
        "en": "table '{path}' has the same content (SHA-256) as the table listed at line {line}:{col}: "
        "its rows would be counted twice",
        "ja": "表 '{path}' の内容（SHA-256）は {line} 行 {col} 列で指定された表と同じです。その行が二重に計上されます",
    },
    "table.listed-twice.hint": {
        "en": "list each table once in activities_from (to split one table, filter it before exporting)",
        "ja": "activities_from には各表を一度だけ指定してください（表を分けるには出力前に絞り込んでください）",
    },
    "tables.unsupported": {
        "en": "'activities_from' tables and --rows-out need polars, which is not installed",
        "ja": "'activities_from' の表と --rows-out には polars が必要ですが、インストールされていません",
    },
    "tables.unsupported.hint": {"en": "pip install polars", "ja": "pip install polars を実行してください"},
    "freight.out-of-range": {"en": "{what} '{q}' is out of range", "ja": "{what} '{q}' が範囲外です"},
    "freight.wrong-unit": {"en": "{what} '{q}' has the wrong unit", "ja": "{what} '{q}' の単位が正しくありません"},
    "freight.load-factor": {"en": "load factor", "ja": "積載率"},
    "freight.load-factor.hint": {
        "en": "the load factor (積載率) is the cargo's share of the maximum payload, a percentage with "
        "0 % < x ≤ 100 %, e.g. 'load_factor: 62 %'",
        "ja": "積載率は最大積載量に対する貨物の割合で、0 % < x ≤ 100 % の百分率です（例: 'load_factor: 62 %'）",
    },
    "freight.payload": {"en": "maximum payload", "ja": "最大積載量"},
    "freight.payload.hint": {
        "en": "the maximum payload (最大積載量) is a mass above zero, from the truck's registration "
        "certificate, e.g. 'max_payload: 4000 kg' or '4 t'",
        "ja": "最大積載量は自動車検査証に記載された 0 より大きい質量です（例: 'max_payload: 4000 kg' または '4 t'）",
    },
    "xlsx.damaged": {"en": "cannot read Excel workbook: {what}", "ja": "Excel ブックを読み込めません: {what}"},
    "xlsx.damaged.hint": {
        "en": "open it in Excel and save it again as .xlsx",
        "ja": "Excel で開き、.xlsx として保存し直してください",
    },
    "xlsx.no-sheets": {"en": "the workbook has no sheets", "ja": "ブックにシートがありません"},
    "xlsx.part-missing": {
        "en": "sheet '{sheet}' is listed but its part {part} is missing",
        "ja": "シート '{sheet}' は一覧にありますが、その部品 {part} がありません",
    },
    "xlsx.part-too-large": {
        "en": "workbook part {part} is {size} bytes unpacked, over the limit of {cap}",
        "ja": "ブックの部品 {part} は展開すると {size} バイトで、上限 {cap} バイトを超えています",
    },
    "xlsx.export.hint": {"en": "export the data as CSV or Parquet", "ja": "データを CSV か Parquet で出力してください"},
    "xlsx.entities": {
        "en": "workbook part {part} declares a DOCTYPE or entities, which Excel never writes",
        "ja": "ブックの部品 {part} は DOCTYPE またはエンティティを宣言しています（Excel は決して書きません）",
    },
    "xlsx.entities.hint": {
        "en": "entity declarations can expand a small file into gigabytes; save the workbook again "
        "from Excel or LibreOffice",
        "ja": "エンティティ宣言は小さなファイルを何ギガバイトにも膨らませることがあります。"
        "Excel か LibreOffice でブックを保存し直してください",
    },
    "xlsx.cell-too-long": {
        "en": "workbook part {part} holds a text longer than an Excel cell can ({limit} characters)",
        "ja": "ブックの部品 {part} に Excel のセルが保持できる長さ（{limit} 文字）を超える文字列があります",
    },
    "xlsx.cell-too-long.hint": {
        "en": "the workbook was not written by Excel; export the data as CSV",
        "ja": "このブックは Excel で書かれたものではありません。データを CSV で出力してください",
    },
    "xlsx.hidden-sheet": {
        "en": "sheet '{sheet}' is hidden ({state}): a reader who opens the workbook does not see the figures "
        "offsetcalc would count",
        "ja": "シート '{sheet}' は非表示です（{state}）。ブックを開いた人には、offsetcalc が算入する数値が見えません",
    },
    "xlsx.hidden-sheet.hint": {
        "en": "unhide the sheet, or name a visible one with 'sheet:' (visible: {sheets})",
        "ja": "シートを再表示するか、'sheet:' で表示されているシートを指定してください（表示中: {sheets}）",
    },
    "xlsx.merged": {
        "en": "sheet has merged cells ({cells}): "
        "only the first cell of a merged range holds its value, the others read as empty",
        "ja": "シートに結合セルがあります（{cells}）。"
        "結合範囲の値は先頭のセルにしかなく、ほかのセルは空として読まれます",
    },
    "xlsx.merged.hint": {
        "en": "unmerge the cells and fill the value into every row (or export the data as CSV)",
        "ja": "セルの結合を解除し、すべての行に値を入れてください（またはデータを CSV で出力してください）",
    },
    "xlsx.formula.one": {
        "en": "cell {cell} holds a formula saved without its value "
        "(the workbook was written by a program that does not calculate)",
        "ja": "セル {cell} の数式は値なしで保存されています（計算を行わないプログラムで書かれたブックです）",
    },
    "xlsx.formula.many": {
        "en": "cells {cells} hold formulas saved without their values "
        "(the workbook was written by a program that does not calculate)",
        "ja": "セル {cells} の数式は値なしで保存されています（計算を行わないプログラムで書かれたブックです）",
    },
    "xlsx.number-format": {
        "en": "cells {cells} are shown with the number format '{format}', which shows another number than the "
        "cell holds (a reader of the workbook sees one figure, offsetcalc would count another)",
        "ja": "セル {cells} の表示形式 '{format}' は、セルの値とは別の数値を表示します"
        "（ブックを読む人が見る数値と offsetcalc が算入する数値が異なります）",
    },
    "xlsx.number-format.hint": {
        "en": "give these cells a plain number format (General, 0, #,##0.00), so the sheet shows what is counted",
        "ja": "これらのセルの表示形式を標準の数値（標準、0、#,##0.00）にして、算入する値が表示されるようにしてください",
    },
    "xlsx.formula.recalc": {
        "en": "formula cells ({cells}) in a workbook that asks to be recalculated when opened "
        "(fullCalcOnLoad): their saved values are not the ones a reader sees",
        "ja": "数式のセル（{cells}）があり、ブックは開くときに再計算するよう指定されています（fullCalcOnLoad）。"
        "保存されている値は、ブックを開いた人が見る値ではありません",
    },
    "xlsx.formula.hint": {
        "en": "open the workbook in Excel or LibreOffice and save it, so each formula's value is stored",
        "ja": "ブックを Excel か LibreOffice で開いて保存し、各数式の値が保存されるようにしてください",
    },
    "xlsx.no-openpyxl": {
        "en": "reading .xlsx tables needs openpyxl, which is not installed",
        "ja": ".xlsx の表を読むには openpyxl が必要ですが、インストールされていません",
    },
    "xlsx.no-openpyxl.hint": {
        "en": "pip install 'offsetcalc[xlsx]', or save the sheet as CSV",
        "ja": "pip install 'offsetcalc[xlsx]' を実行するか、シートを CSV で保存してください",
    },
    "xlsx.no-sheet": {"en": "workbook has no sheet '{sheet}'", "ja": "ブックにシート '{sheet}' がありません"},
    "xlsx.sheets": {"en": "sheets: {sheets}", "ja": "シート: {sheets}"},
    "xlsx.empty": {
        "en": "sheet '{sheet}' is empty (no header in row 1)",
        "ja": "シート '{sheet}' が空です（1 行目に見出しがありません）",
    },
    "xlsx.empty.hint": {
        "en": "row 1 names the columns: quantity, unit, factor …",
        "ja": "1 行目に列名を書きます: quantity, unit, factor …",
    },
    "xlsx.too-many-cells": {
        "en": "sheet '{sheet}' has more than {limit} cells, the limit",
        "ja": "シート '{sheet}' のセル数が上限の {limit} を超えています",
    },
    "xlsx.too-many-cells.hint": {
        "en": "export the data as CSV or Parquet, which are read column-wise",
        "ja": "データを CSV か Parquet で出力してください（これらは列ごとに読み込まれます）",
    },
    "table.format": {
        "en": "table '{path}' is not .csv, .parquet or .xlsx",
        "ja": "表 '{path}' は .csv、.parquet、.xlsx のいずれでもありません",
    },
    "table.format.hint": {
        "en": "export the table as CSV (UTF-8), Parquet or Excel .xlsx",
        "ja": "表を CSV（UTF-8）、Parquet、Excel .xlsx のいずれかで出力してください",
    },
    "table.bad-rows": {
        "en": "{count} bad rows in all; the first {shown} are shown",
        "ja": "誤りのある行は全部で {count} 行です。最初の {shown} 行を表示しています",
    },
    "table.bad-rows.hint": {"en": "fix these and run again", "ja": "これらを直してから再度実行してください"},
    "rows-out.format": {
        "en": "--rows-out '{path}' is not a .parquet or .csv file",
        "ja": "--rows-out '{path}' は .parquet または .csv のファイルではありません",
    },
    "rows-out.format.hint": {
        "en": "name the file .parquet or .csv",
        "ja": "ファイル名を .parquet または .csv にしてください",
    },
    "rows-out.unwritable": {
        "en": "cannot write --rows-out file: {reason}",
        "ja": "--rows-out のファイルを書き込めません: {reason}",
    },
    "rows-out.unwritable.hint": {
        "en": "give a path in an existing folder you can write to",
        "ja": "書き込める既存のフォルダのパスを指定してください",
    },
    # ---- writing reports (offsetcalc.report.check_formats)
    "output.permission": {
        "en": "cannot write the report: permission denied",
        "ja": "レポートを書き込めません: アクセス権がありません",
    },
    "output.folder": {
        "en": "cannot write the report: this is a folder",
        "ja": "レポートを書き込めません: これはフォルダです",
    },
    "output.folder.hint": {
        "en": "give --output a file name, e.g. report.json",
        "ja": "--output にはファイル名を指定してください（例: report.json）",
    },
    "output.no-folder": {
        "en": "cannot write the report: the folder {folder} does not exist",
        "ja": "レポートを書き込めません: フォルダ {folder} がありません",
    },
    "output.no-folder.hint": {"en": "create the folder first", "ja": "先にフォルダを作成してください"},
    "output.folder-read-only": {
        "en": "cannot write the report: the folder {folder} is read-only",
        "ja": "レポートを書き込めません: フォルダ {folder} は読み取り専用です",
    },
    "output.file-read-only": {
        "en": "cannot write the report: the file is read-only",
        "ja": "レポートを書き込めません: ファイルは読み取り専用です",
    },
    "stats.verdict": {"en": "unknown verdict '{verdict}'", "ja": "判定 '{verdict}' は不明です"},
    "stats.verdict.hint": {"en": "one of: {choices}", "ja": "次のいずれか: {choices}"},
    "cli.format": {
        "en": "--format csv writes the GPC reporting table, which only city inventories (kind: city) have",
        "ja": "--format csv は GPC 報告表を出力します。GPC 報告表があるのは区域（kind: city）の排出量だけです",
    },
    "cli.format.hint": {
        "en": "use --format json for the activities of other kinds",
        "ja": "ほかの類型の活動は --format json で出力してください",
    },
    # ---- factors
    "factor.unknown": {"en": "unknown factor '{ref}'", "ja": "排出係数 '{ref}' はありません"},
    "factor.unknown.hint": {
        "en": "'offsetcalc factors list' shows the IDs",
        "ja": "'offsetcalc factors list' で ID を確認できます",
    },
    "factor.no-value": {
        "en": "factor '{ref}' in table '{table}' has neither a value nor per-gas values",
        "ja": "排出係数表 '{table}' の排出係数 '{ref}' には値もガス別の値もありません",
    },
    "factor.no-value.hint": {
        "en": "'offsetcalc factors validate' reports what is wrong with the table",
        "ja": "'offsetcalc factors validate' で表の誤りを確認できます",
    },
    "factor.gas-unit": {
        "en": "per-gas factor unit '{unit}' is already CO2e",
        "ja": "ガス別の排出係数の単位 '{unit}' はすでに CO2 換算です",
    },
    "factor.gas-unit.hint": {
        "en": "per-gas values are masses of each gas, e.g. 'kg / L'",
        "ja": "ガス別の値は各ガスの質量で書きます（例: 'kg / L'）",
    },
    "activity.duplicate-id": {
        "en": "duplicate activity id '{id}' (first at line {line})",
        "ja": "活動 ID '{id}' が重複しています（最初は {line} 行目）",
    },
    "activity.duplicate-id.hint": {
        "en": "activity ids are unique within a file",
        "ja": "活動 ID はファイルの中で一意にしてください",
    },
    "credit.unit": {
        "en": "credit quantity '{quantity}' is not a CO2e mass",
        "ja": "クレジット量 '{quantity}' は CO2 換算の質量ではありません",
    },
    "credit.unit.hint": {
        "en": "credits are counted in t-CO2 (1 credit = 1 t-CO2e), e.g. '3 t-CO2'",
        "ja": "クレジットは t-CO2 で数えます（1 クレジット = 1 t-CO2）。例: '3 t-CO2'",
    },
    # ---- credits (offsetcalc.credits)
    "credit.type": {
        "en": "unknown credit type {name}; valid types: {valid}",
        "ja": "クレジットの種類 {name} は不明です。使用できる種類: {valid}",
    },
    "serial.forms": {"en": "accepted forms: {forms}", "ja": "読み取れる形式: {forms}"},
    "ledger.error.read-only": {
        "en": "the ledger is read-only: offsetcalc records every checked submission in it",
        "ja": "台帳が読み取り専用です。offsetcalc は検査したすべての申請を台帳に記録します",
    },
    "ledger.error.read-only.hint": {
        "en": "give --ledger a file you may write to ('ledger list' reads a read-only ledger)",
        "ja": "--ledger には書き込めるファイルを指定してください（'ledger list' は読み取り専用の台帳も読めます）",
    },
    "ledger.error.disk-full": {
        "en": "cannot write the ledger: the disk is full",
        "ja": "台帳に書き込めません: ディスクがいっぱいです",
    },
    "ledger.error.disk-full.hint": {
        "en": "free space on the disk (or give --ledger a file on another disk); nothing was recorded",
        "ja": "ディスクの空きを作ってください（または --ledger に別のディスクのファイルを指定してください）。"
        "何も記録されていません",
    },
    "ledger.error.open": {"en": "cannot open the ledger: {detail}", "ja": "台帳を開けません: {detail}"},
    "ledger.error.open-short": {"en": "cannot open ledger: {detail}", "ja": "台帳を開けません: {detail}"},
    "ledger.error.open.hint": {
        "en": "the disk may be full or failing, or another program holds the file",
        "ja": "ディスクがいっぱいか故障しているか、別のプログラムがファイルを使用している可能性があります",
    },
    "ledger.error.not-a-ledger": {
        "en": "not an offsetcalc ledger: {detail}",
        "ja": "offsetcalc の台帳ではありません: {detail}",
    },
    "ledger.error.not-a-ledger.hint": {
        "en": "give --ledger a new file name or a ledger written by offsetcalc",
        "ja": "--ledger には新しいファイル名か、offsetcalc が書いた台帳を指定してください",
    },
    "ledger.error.no-folder": {
        "en": "cannot create the ledger: the folder {folder} does not exist",
        "ja": "台帳を作成できません: フォルダ {folder} がありません",
    },
    "ledger.error.folder-read-only": {
        "en": "the ledger's folder {folder} is read-only: SQLite writes its journal beside the ledger",
        "ja": "台帳のフォルダ {folder} が読み取り専用です。SQLite は台帳の隣にジャーナルを書きます",
    },
    "ledger.error.folder-read-only.hint": {
        "en": "keep the ledger in a folder you may write to",
        "ja": "台帳は書き込めるフォルダに置いてください",
    },
    "ledger.error.is-folder": {
        "en": "the ledger path is a folder, not a file",
        "ja": "台帳のパスはフォルダで、ファイルではありません",
    },
    "ledger.error.missing": {"en": "no such ledger", "ja": "台帳がありません"},
    "ledger.error.newer": {
        "en": "ledger schema version {version} is newer than this offsetcalc reads ({reads})",
        "ja": "台帳のスキーマのバージョン {version} は、この offsetcalc が読めるもの（{reads}）より新しいです",
    },
    "ledger.error.newer.hint": {
        "en": "upgrade offsetcalc to use this ledger",
        "ja": "この台帳を使うには offsetcalc を更新してください",
    },
    "ledger.error.older": {
        "en": "ledger schema version {version} is older than this offsetcalc's ({reads})",
        "ja": "台帳のスキーマのバージョン {version} は、この offsetcalc のもの（{reads}）より古いです",
    },
    "ledger.error.older.hint": {
        "en": "run 'offsetcalc ledger migrate --ledger {ledger}' once",
        "ja": "'offsetcalc ledger migrate --ledger {ledger}' を一度実行してください",
    },
    "ledger.error.older.backup.hint": {
        "en": "run 'offsetcalc ledger migrate --ledger {ledger}' once (back the file up first)",
        "ja": "'offsetcalc ledger migrate --ledger {ledger}' を一度実行してください（先にファイルを控えてください）",
    },
    "ledger.error.damaged.one": {
        "en": "the ledger is damaged: its table {tables} is missing",
        "ja": "台帳が壊れています: テーブル {tables} がありません",
    },
    "ledger.error.damaged.many": {
        "en": "the ledger is damaged: its tables {tables} are missing",
        "ja": "台帳が壊れています: テーブル {tables} がありません",
    },
    "ledger.error.damaged.hint": {
        "en": "restore the ledger from a backup: offsetcalc does not rebuild it, as the claims it held "
        "would be lost without a word",
        "ja": "控えから台帳を戻してください。offsetcalc は台帳を作り直しません。"
        "記録されていた申請が何も告げずに失われるためです",
    },
    "ledger.error.locked.hint": {
        "en": "another process held the ledger longer than the timeout; run again when it is done",
        "ja": "別のプロセスが待ち時間を超えて台帳を使用していました。その処理が終わってから再実行してください",
    },
    "ledger.error.write": {
        "en": "cannot write to the ledger ({detail}); nothing of this write was kept",
        "ja": "台帳に書き込めません（{detail}）。この書き込みは何も残っていません",
    },
    "ledger.error.driver": {
        "en": "a PostgreSQL ledger needs the psycopg driver, which is not installed",
        "ja": "PostgreSQL の台帳には psycopg ドライバが必要ですが、インストールされていません",
    },
    "ledger.error.driver.hint": {
        "en": "pip install 'offsetcalc[postgres]'",
        "ja": "pip install 'offsetcalc[postgres]' を実行してください",
    },
    "ledger.error.pg": {"en": "{what}: {reason}", "ja": "{what}（{reason}）"},
    "ledger.error.pg.connect": {
        "en": "cannot connect to the PostgreSQL ledger at {host}",
        "ja": "{host} の PostgreSQL 台帳に接続できません",
    },
    "ledger.error.pg.use": {
        "en": "cannot use the PostgreSQL ledger at {host}",
        "ja": "{host} の PostgreSQL 台帳を使用できません",
    },
    "ledger.error.pg.lost": {
        "en": "lost the connection to the PostgreSQL ledger at {host}",
        "ja": "{host} の PostgreSQL 台帳との接続が切れました",
    },
    "ledger.error.pg.write": {
        "en": "cannot write to the PostgreSQL ledger at {host}",
        "ja": "{host} の PostgreSQL 台帳に書き込めません",
    },
    "ledger.error.pg.connect.hint": {
        "en": "check that the server is running and the user, password (PGPASSWORD or ~/.pgpass) and database",
        "ja": "サーバーが動いていること、ユーザー、パスワード（PGPASSWORD または ~/.pgpass）、"
        "データベースを確かめてください",
    },
    "ledger.error.pg.write.hint": {
        "en": "nothing of the submission being recorded was kept; run the same command again to complete it",
        "ja": "記録中の申請は何も残っていません。同じコマンドをもう一度実行して完了させてください",
    },
    "ledger.error.pg.missing": {
        "en": "no offsetcalc ledger in this database",
        "ja": "このデータベースに offsetcalc の台帳はありません",
    },
    "ledger.error.pg.missing.hint": {
        "en": "a ledger is created by the first 'check --ledger' or 'ledger import' that writes to it",
        "ja": "台帳は、最初に書き込む 'check --ledger' または 'ledger import' で作成されます",
    },
    "ledger.error.pg.no-marker": {
        "en": "not an offsetcalc ledger: the schema offsetcalc holds no ledger marker",
        "ja": "offsetcalc の台帳ではありません: スキーマ offsetcalc に台帳の目印がありません",
    },
    "ledger.error.busy": {
        "en": "could not record submission {submission} after {attempts} attempts: other writers "
        "kept changing the same credits",
        "ja": "{attempts} 回試みても申請 {submission} を記録できませんでした。"
        "ほかの書き込みが同じクレジットを変更し続けました",
    },
    "ledger.error.busy.hint": {"en": "run the same command again", "ja": "同じコマンドをもう一度実行してください"},
    "ledger.error.unit-too-large": {
        "en": "credit unit number {end} is too large for the ledger (limit {limit})",
        "ja": "クレジットのユニット番号 {end} は台帳で扱える上限（{limit}）を超えています",
    },
    "ledger.error.not-empty": {
        "en": "the target ledger already holds sources: 'ledger copy' writes only into an empty or new ledger",
        "ja": "コピー先の台帳にはすでに記録があります。'ledger copy' は空の台帳か新しい台帳にだけ書き込みます",
    },
    "schema.not-a-number": {"en": "{value} is not a number", "ja": "{value} は数値ではありません"},
    "schema.name": {"en": "{what} {name} contains {char}", "ja": "{what} {name} に {char} が含まれています"},
    "schema.name.hint": {
        "en": "a {what} has no spaces, line breaks or '@' ('@' picks an edition: fuel.gasoline@2006)",
        "ja": "{what}には空白、改行、'@' を含めません（'@' は版を選びます: fuel.gasoline@2006）",
    },
    "schema.name.factor-id": {"en": "factor ID", "ja": "排出係数 ID"},
    "schema.name.table": {"en": "table name", "ja": "表の名前"},
    "factors.format": {
        "en": "unsupported factor table format {given}; this offsetcalc reads {reads}",
        "ja": "排出係数表の形式 {given} には対応していません。この offsetcalc が読むのは {reads} です",
    },
    "factor.edition": {
        "en": "factor '{ref}' has no edition '{edition}'",
        "ja": "排出係数 '{ref}' に版 '{edition}' はありません",
    },
    "factor.edition.hint": {"en": "editions: {editions}", "ja": "版: {editions}"},
    "factor.not-finite": {
        "en": "factor '{ref}': {name} is {value}, not a finite number",
        "ja": "排出係数 '{ref}': {name} が {value} で、有限の数値ではありません",
    },
    "factor.negative": {
        "en": "factor '{ref}': {name} is {value}, a negative number",
        "ja": "排出係数 '{ref}': {name} が {value} で、負の数です",
    },
    "factor.negative.hint": {
        "en": "'offsetcalc factors validate' checks a table before it is used",
        "ja": "'offsetcalc factors validate' で使う前に表を検査できます",
    },
    "factors.schema.mapping": {
        "en": "a factor table is a mapping with 'table:' and 'factors:'",
        "ja": "排出係数表は 'table:' と 'factors:' をもつマッピングです",
    },
    "factors.missing": {"en": "no such factor table or folder", "ja": "排出係数表またはフォルダがありません"},
    "factors.csv.header": {
        "en": "a CSV factor table starts with '# key: value' header lines (offsetcalc-factors, table, publisher, ...)",
        "ja": "CSV の排出係数表は '# key: value' のヘッダー行（offsetcalc-factors、table、publisher …）で始まります",
    },
    "factors.csv.factors-key": {
        "en": "a CSV factor table has its factors as rows, not under 'factors:' in the header",
        "ja": "CSV の排出係数表では排出係数を行として書きます。ヘッダーの 'factors:' の下ではありません",
    },
    "factors.csv.no-columns": {
        "en": "a CSV factor table has a row of column names (id,name,category,value,unit,confirmed,...) "
        "after its '#' lines",
        "ja": "CSV の排出係数表には '#' の行のあとに列名の行（id,name,category,value,unit,confirmed …）が必要です",
    },
    "factors.csv.ragged": {
        "en": "row has {cells} cells but the header names {columns} columns",
        "ja": "行のセルは {cells} 個ですが、見出しの列は {columns} 個です",
    },
    "factors.csv.ragged.hint": {
        "en": 'quote a cell that holds a comma: "Kyushu Electric, basic"',
        "ja": 'カンマを含むセルは引用符で囲んでください: "Kyushu Electric, basic"',
    },
    "registry.columns": {
        "en": "not an export of {registry}: no column {columns}",
        "ja": "{registry} の出力ファイルではありません。列 {columns} がありません",
    },
    "registry.columns.hint": {
        "en": "an export of {registry} needs the columns {expected}",
        "ja": "{registry} の出力ファイルには列 {expected} が必要です",
    },
    "registry.separator.hint": {
        "en": "the header is one column holding {sep}: the file is separated by {sep}, "
        "but registry exports are separated by commas; download the export again or save it as "
        "comma-separated CSV",
        "ja": "見出しは {sep} を含む 1 列です。ファイルは {sep} で区切られていますが、登録簿の出力ファイルは"
        "カンマ区切りです。もう一度ダウンロードするか、カンマ区切りの CSV で保存してください",
    },
    "registry.unknown": {
        "en": "no export format for registry {registry}; valid: {valid}",
        "ja": "登録簿 {registry} の出力形式はありません。有効な値: {valid}",
    },
    "registry.empty": {
        "en": "the export is empty: no header row",
        "ja": "出力ファイルが空です（見出し行がありません）",
    },
    "registry.io": {"en": "cannot read {source}: {reason}", "ja": "{source} を読み込めません: {reason}"},
    "registry.encoding": {
        "en": "{source} is not UTF-8 text ({reason})",
        "ja": "{source} は UTF-8 のテキストではありません（{reason}）",
    },
    "registry.csv": {
        "en": "{source} is not valid CSV: {detail}",
        "ja": "{source} は CSV として正しくありません: {detail}",
    },
    # a registry export's rows (offsetcalc.io.registries; ledger import prints them as FILE:LINE: error:)
    "registry.row.fields": {
        "en": "expected {n} fields, found {found}",
        "ja": "列は {n} 個のはずですが、{found} 個です",
    },
    "registry.row.date.us": {
        "en": "invalid date {text} (month/day/year): {detail}",
        "ja": "日付 {text}（月/日/年）が正しくありません: {detail}",
    },
    "registry.row.time": {
        "en": "invalid time of day in date {text}",
        "ja": "日付 {text} の時刻が正しくありません",
    },
    "registry.row.date": {
        "en": "invalid date {text}: expected YYYY-MM-DD, an ISO date-time, M/D/YYYY or M/D/YYYY h:mm:ss AM",
        "ja": "日付 {text} が正しくありません。YYYY-MM-DD、ISO 形式の日時、M/D/YYYY、M/D/YYYY h:mm:ss AM の"
        "いずれかで記載してください",
    },
    "registry.row.quantity": {
        "en": "invalid quantity {text}: expected a whole number such as 28,571",
        "ja": "数量 {text} が正しくありません。28,571 のような整数で記載してください",
    },
    "registry.row.vintage": {
        "en": "invalid vintage {text}: expected a year such as 2024",
        "ja": "発行年度 {text} が正しくありません。2024 のような年で記載してください",
    },
    "registry.row.column": {"en": "column {column}: {detail}", "ja": "列 {column}: {detail}"},
    "registry.row.serial-empty": {"en": "column {column} is empty", "ja": "列 {column} が空です"},
    "registry.row.foreign": {
        "en": "serial {serial} is a {registry} serial, not a {expected} one",
        "ja": "シリアル番号 {serial} は {registry} のもので、{expected} のものではありません",
    },
    "registry.row.mismatch": {
        "en": "quantity {quantity} disagrees with serial {serial}, which names {size} credits",
        "ja": "数量 {quantity} がシリアル番号 {serial} の示す {size} クレジットと一致しません",
    },
    "serial.kyoto.unit-type": {
        "en": "credit serial {text} has Kyoto unit type {unit_type}, which does not exist",
        "ja": "クレジットのシリアル番号 {text} の京都ユニット種別 {unit_type} は存在しません",
    },
    "serial.kyoto.unit-type.hint": {"en": "unit types: {codes}", "ja": "ユニット種別: {codes}"},
    "serial.kyoto.batches": {
        "en": "credit serial {text}: the two ends are different batches ({first} vs {last})",
        "ja": "クレジットのシリアル番号 {text}: 両端が別のバッチです（{first} と {last}）",
    },
    "serial.kyoto.batches.hint": {
        "en": "both ends of a Kyoto block share party, unit type, periods, "
        "LULUCF activity and project; only the unit number differs",
        "ja": "京都ユニットのブロックの両端は、締約国、ユニット種別、約束期間、LULUCF 活動、"
        "プロジェクトが同じで、ユニット番号だけが異なります",
    },
    "serial.registry.unknown": {
        "en": "cannot tell which registry issued credit serial {text}",
        "ja": "クレジットのシリアル番号 {text} をどの登録簿が発行したか判別できません",
    },
    "serial.registry.unknown.hint": {
        "en": "serials of the form PREFIX-START to END are known for "
        "climate-action-reserve (CAR-...), american-carbon-registry (ACR-...) and "
        "art-trees; pass the registry explicitly",
        "ja": "PREFIX-START to END 形式のシリアル番号は climate-action-reserve (CAR-...)、"
        "american-carbon-registry (ACR-...)、art-trees のものです。登録簿を明示してください",
    },
    "serial.syntax": {
        "en": "cannot read credit serial {text}: {why}",
        "ja": "クレジットのシリアル番号 {text} を読み取れません: {why}",
    },
    "serial.syntax.end": {
        "en": "the end {end} is neither a number nor {prefix}-NUMBER",
        "ja": "終わりの {end} が数値でも {prefix}-番号 でもありません",
    },
    "serial.syntax.no-form": {
        "en": "it matches no known registry serial form",
        "ja": "どの登録簿のシリアル番号の形式にも一致しません",
    },
    "serial.syntax.not-registry": {
        "en": "it is not a {registry} serial",
        "ja": "{registry} のシリアル番号ではありません",
    },
    "serial.syntax.empty": {"en": "it is empty", "ja": "空です"},
    "serial.block.whole": {
        "en": "block {name} must be a whole number, got {value}",
        "ja": "ブロックの {name} は整数でなければなりません（値: {value}）",
    },
    "serial.block.negative": {
        "en": "block {name} must not be negative, got {value}",
        "ja": "ブロックの {name} は負であってはなりません（値: {value}）",
    },
    "serial.range.block": {
        "en": "block {prefix} ends before it starts: end {end} < start {start}",
        "ja": "ブロック {prefix} の終わりが始まりより前です: end {end} < start {start}",
    },
    "serial.range.block.hint": {
        "en": "a block includes both ends: start <= end (a single credit has start = end)",
        "ja": "ブロックは両端を含みます: start <= end（1クレジットなら start = end）",
    },
    "serial.block.keys": {
        "en": "a credit block needs exactly the keys prefix, start, end: {parts}",
        "ja": "クレジットのブロックにはキー prefix、start、end がちょうど必要です: {parts}",
    },
    "serial.block.keys.missing": {"en": "missing {keys}", "ja": "不足 {keys}"},
    "serial.block.keys.unknown": {"en": "unknown {keys}", "ja": "不明 {keys}"},
    "serial.block.keys.sep": {"en": "; ", "ja": "。"},
    "serial.block.keys.hint": {
        "en": 'e.g. {{prefix: "JP-EXAMPLE-2012", start: 101, end: 103}}',
        "ja": '例: {{prefix: "JP-EXAMPLE-2012", start: 101, end: 103}}',
    },
    "serial.block.prefix": {
        "en": "block prefix must be non-empty text, got {value}",
        "ja": "ブロックの prefix は空でない文字列でなければなりません（値: {value}）",
    },
    "serial.block.jcredit-prefix": {
        "en": "block prefix {prefix} begins with the J-Credit registry's scheme code {code} ({scheme}), but the "
        "credit is filed under the {registry} registry: the same credits would be another block for the ledger",
        "ja": "ブロックの prefix {prefix} は J-クレジット登録簿の制度記号 {code}（{scheme}）で始まりますが、"
        "クレジットは {registry} の登録簿のものとされています。台帳では同じクレジットが別のブロックになります",
    },
    "serial.block.jcredit-prefix.hint": {
        "en": "J-Credit, J-VER and domestic credits are held in the J-Credit registry: give the type of the "
        "credits the registry issued (J-Credit, J-VER, domestic)",
        "ja": "J-クレジット・J-VER・国内クレジットは J-クレジット登録簿で管理されます。"
        "登録簿が発行したクレジットの種類（J-Credit、J-VER、domestic）を記載してください",
    },
    "serial.block.prefix-shape": {
        "en": "block prefix {prefix} is not a {registry} serial's prefix, so these credits could not be told "
        "from the same credits written as the registry prints them",
        "ja": "ブロックの prefix {prefix} は {registry} のシリアル番号の接頭部ではないため、"
        "登録簿の表記で書かれた同じクレジットと区別できません",
    },
    "serial.block.prefix-shape.hint": {
        "en": "write the registry's serial string, or the prefix as the serial prints it without its start "
        "and end numbers: {form}",
        "ja": "登録簿のシリアル番号をそのまま書くか、開始・終了番号を除いた接頭部を"
        "シリアル番号のとおりに書いてください: {form}",
    },
    "serial.range.digits": {
        "en": "{what} has {n} digits; no registry numbers its credits that high",
        "ja": "{what}は {n} 桁です。そこまで大きな番号を付ける登録簿はありません",
    },
    "serial.syntax.character": {
        "en": "{what} {text} holds U+{code} ({name}), which no registry serial contains",
        "ja": "{what} {text} に U+{code}（{name}）が含まれています。登録簿のシリアル番号にこの文字はありません",
    },
    "serial.syntax.character.hint": {
        "en": "retype the serial from the registry's retirement notice",
        "ja": "登録簿の無効化通知からシリアル番号を入力し直してください",
    },
    "serial.syntax.foreign-letter": {
        "en": "block prefix {text} holds {ch} (U+{code} {name}), "
        "a letter outside ASCII; registry serials are written in ASCII letters and digits",
        "ja": "ブロックの prefix {text} に ASCII 以外の文字 {ch}（U+{code} {name}）が含まれています。"
        "登録簿のシリアル番号は ASCII の英数字で書かれます",
    },
    "serial.syntax.foreign-letter.hint": {
        "en": "retype the prefix from the registry's retirement notice [offsetcalc's own policy]",
        "ja": "登録簿の無効化通知から prefix を入力し直してください［offsetcalc 独自の方針］",
    },
    "serial.registry": {
        "en": "unknown registry {name}; valid registries: {valid}",
        "ja": "登録簿 {name} は不明です。使用できる登録簿: {valid}",
    },
    "serial.range.serial": {
        "en": "credit serial {text} ends before it starts: end {last} < start {first}",
        "ja": "クレジットのシリアル番号 {text} の終わりが始まりより前です: end {last} < start {first}",
    },
    "serial.range.serial.hint": {
        "en": "a block includes both ends: start <= end",
        "ja": "ブロックは両端を含みます: start <= end",
    },
    "serial.text": {
        "en": "a credit serial must be text, got {value}",
        "ja": "クレジットのシリアル番号は文字列でなければなりません（値: {value}）",
    },
    "serial.format.none": {
        "en": "block {prefix} of registry {registry} has no registry serial form",
        "ja": "登録簿 {registry} のブロック {prefix} には登録簿のシリアル番号の形式がありません",
    },
    "serial.format.none.hint": {
        "en": "explicit blocks are written as {{prefix, start, end}}",
        "ja": "明示的なブロックは {{prefix, start, end}} の形で書きます",
    },
    "serial.format.shape": {
        "en": "block prefix {prefix} does not have the shape of a {registry} serial",
        "ja": "ブロックの prefix {prefix} は {registry} のシリアル番号の形をしていません",
    },
    "serial.what.block": {"en": "block {name}", "ja": "ブロックの {name}"},
    "serial.what.prefix": {"en": "block prefix", "ja": "ブロックの prefix"},
    "serial.what.serial": {"en": "credit serial {text}", "ja": "クレジットのシリアル番号 {text}"},
    "serial.what.serial-word": {"en": "credit serial", "ja": "クレジットのシリアル番号"},
    "serial.unsupported": {
        "en": "credit serial {text} looks like a J-Credit registry number (制度記号 {scheme}: "
        "{name}, クレジット種別 {kind}); offsetcalc does not read these into "
        "blocks, because the structure of the certification number (クレジット認証番号) that follows "
        "the two codes is not published where offsetcalc could cite it",
        "ja": "クレジットのシリアル番号 {text} は J-クレジット登録簿の番号のようです（制度記号 {scheme}: "
        "{name}、クレジット種別 {kind}）。2つの記号に続くクレジット認証番号の構造は offsetcalc が"
        "引用できる形で公表されていないため、ブロックとして読み取りません",
    },
    "serial.unsupported.hint": {
        "en": "write the retired range as an explicit block, e.g. serial: "
        '{{prefix: "JCL-ERL-<certification number>", start: FIRST, end: LAST}}, with the numbers '
        "from the retirement notice (無効化通知)",
        "ja": "無効化した範囲を明示的なブロックとして、無効化通知の番号で記載してください（例: serial: "
        '{{prefix: "JCL-ERL-<認証番号>", start: 最初, end: 最後}}）',
    },
    # ---- dimensions named in unit errors (offsetcalc.units.describe_dimension)
    "dim.number": {"en": "a plain number", "ja": "無次元の数"},
    "dim.volume": {"en": "a volume", "ja": "体積"},
    "dim.area": {"en": "an area", "ja": "面積"},
    "dim.distance": {"en": "a distance", "ja": "距離"},
    "dim.mass": {"en": "a mass", "ja": "質量"},
    "dim.time": {"en": "a time", "ja": "時間"},
    # ---- factors validate (offsetcalc.factors.validate) and its summary line (cli/factors.py)
    # ---- the ledger commands' own lines (cli/ledger.py)
    "ledger.import.summary": {
        "en": "{file}: {blocks} blocks from {rows} rows imported into {ledger}{replaced}{rejected}{contradicted}",
        "ja": "{file}: {rows} 行から {blocks} ブロックを台帳 {ledger} に取り込みました"
        "{replaced}{rejected}{contradicted}",
    },
    "ledger.import.replacing": {"en": " (replacing {n})", "ja": "（{n} ブロックを置き換え）"},
    "ledger.import.rejected": {"en": "; {n} rows with problems", "ja": "。問題のある行 {n} 行"},
    "ledger.import.contradicted": {
        "en": "; {n} claims contradicted",
        "ja": "。登録簿の記録と矛盾する申請 {n} 件",
    },
    "ledger.import.submission-at": {"en": "submission at {location}", "ja": "申請の箇所: {location}"},
    "ledger.forgotten": {"en": "{name}: forgotten", "ja": "{name}: 台帳から削除しました"},
    "ledger.forget.unknown": {"en": "{name} is not in the ledger", "ja": "{name} は台帳にありません"},
    "ledger.forget.unknown.hint": {
        "en": "'offsetcalc ledger list --ledger {ledger}' shows every source",
        "ja": "'offsetcalc ledger list --ledger {ledger}' ですべての記録元を確認できます",
    },
    "ledger.migrate.current": {
        "en": "{ledger}: schema version {version}, nothing to do",
        "ja": "{ledger}: スキーマのバージョンは {version} で、移行の必要はありません",
    },
    "ledger.migrate.done": {
        "en": "{ledger}: migrated from schema version {before} to {version}",
        "ja": "{ledger}: スキーマのバージョン {before} から {version} に移行しました",
    },
    "ledger.migrate.prefixes": {
        "en": "{ledger}: prefixes re-spelled as a claim spells them today: {n} ({blocks} blocks)",
        "ja": "{ledger}: 現在の主張と同じ表記に直したプレフィックス: {n} 件（{blocks} ブロック）",
    },
    "ledger.migrate.prefix": {
        "en": "{registry} {old} -> {new} ({n} blocks)",
        "ja": "{registry} {old} -> {new}（{n} ブロック）",
    },
    "ledger.migrate.prefix-refused": {
        "en": "{registry} {prefix} ({n} blocks) cannot be spelled canonically and is kept as it is: {reason}",
        "ja": "{registry} {prefix}（{n} ブロック）は正規の表記にできないため、そのまま残しました: {reason}",
    },
    "ledger.migrate.prefix-shape": {
        "en": "{registry} {prefix} ({n} blocks) is not the prefix a {registry} serial gives and is kept as it is: "
        "no claim of that registry's serials meets it",
        "ja": "{registry} {prefix}（{n} ブロック）は {registry} のシリアルが与えるプレフィックスではないため、"
        "そのまま残しました。その登録簿のシリアルの主張とは照合されません",
    },
    "ledger.migrate.rejected": {
        "en": "submission {key} shares credits with submission {other} (recorded first) once their prefixes are "
        "spelled alike: its claims are now recorded rejected; check it again to see the double claim",
        "ja": "提出 {key} は、プレフィックスの表記をそろえると提出 {other}（先に記録）とクレジットが重なります。"
        "その主張は認められないものとして記録しました。確認し直すと二重の主張が示されます",
    },
    "ledger.copied": {
        "en": "{source} → {target}: {sources} sources, {blocks} blocks copied",
        "ja": "{source} → {target}: 記録元 {sources} 件、ブロック {blocks} 件を複写しました",
    },
    "output.cannot-write": {"en": "cannot write {path}: {reason}", "ja": "{path} に書き込めません: {reason}"},
    "report.format-unknown": {
        "en": "cannot tell the format of '{path}' from its name: use --format html or --format pdf",
        "ja": "'{path}' の名前から形式を判断できません。--format html か --format pdf を指定してください",
    },
    "validate.summary.valid": {
        "en": "valid: {tables} table(s), {factors} factor(s): {errors} error(s), {warnings} warning(s)",
        "ja": "問題なし: 排出係数表 {tables} 件、排出係数 {factors} 件: エラー {errors} 件、警告 {warnings} 件",
    },
    "validate.summary.invalid": {
        "en": "invalid: {tables} table(s), {factors} factor(s): {errors} error(s), {warnings} warning(s)",
        "ja": "不備あり: 排出係数表 {tables} 件、排出係数 {factors} 件: エラー {errors} 件、警告 {warnings} 件",
    },
    "validate.provenance.absent": {"en": "the table has no '{key}'", "ja": "排出係数表に '{key}' がありません"},
    "validate.provenance.blank": {"en": "'{key}' is blank", "ja": "'{key}' が空欄です"},
    "validate.provenance.hint": {"en": "add '{key}:' — {what}", "ja": "'{key}:' を記載してください（{what}）"},
    "validate.provenance.publisher": {
        "en": "who published the factors, e.g. 'Ministry of the Environment, Japan'",
        "ja": "排出係数の公表者。例: 'Ministry of the Environment, Japan'（環境省）",
    },
    "validate.provenance.document": {
        "en": "the document the factors are taken from",
        "ja": "排出係数の出典となる文書",
    },
    "validate.provenance.edition": {
        "en": 'the edition or year of the document, e.g. "2006" or "FY2013 data"',
        "ja": '文書の版または年。例: "2006"、"FY2013 data"',
    },
    "validate.url.missing": {
        "en": "the table has neither 'url' nor 'url_note'",
        "ja": "排出係数表に 'url' も 'url_note' もありません",
    },
    "validate.url.missing.hint": {
        "en": "add 'url:' (where the document can be read) or 'url_note:' (why there is no URL)",
        "ja": "'url:'（文書を読める場所）か 'url_note:'（URL がない理由）を記載してください",
    },
    "validate.folder-unreadable": {"en": "folder cannot be read: {why}", "ja": "フォルダを読み込めません: {why}"},
    "validate.no-tables": {
        "en": "folder holds no factor tables (*.yaml, *.yml, *.csv)",
        "ja": "フォルダに排出係数表（*.yaml、*.yml、*.csv）がありません",
    },
    "validate.value.missing": {
        "en": "factor '{id}' has neither 'value' nor 'gases'",
        "ja": "排出係数 '{id}' に 'value' も 'gases' もありません",
    },
    "validate.value.missing.hint": {
        "en": "give the value in 'unit', or per-gas masses under 'gases:'",
        "ja": "'unit' の単位で値を記載するか、'gases:' の下にガス別の質量を記載してください",
    },
    "validate.value.not-positive": {
        "en": "factor '{id}': {name} is {value}, not a positive number",
        "ja": "排出係数 '{id}': {name} が {value} で、正の数ではありません",
    },
    "validate.value.not-positive.hint": {
        "en": "a factor is an amount emitted per activity unit; leave out a gas that is not emitted",
        "ja": "排出係数は活動量1単位あたりの排出量です。排出されないガスは記載しないでください",
    },
    "validate.value.zero": {"en": "factor '{id}': {name} is 0", "ja": "排出係数 '{id}': {name} が 0 です"},
    "validate.value.zero.hint": {
        "en": "zero can be right (the FY2013 list of electricity retailers has suppliers at "
        "0.000000 t-CO2/kWh); otherwise a digit or a gas is missing",
        "ja": "0 が正しいこともあります（2013年度の電気事業者別排出係数には 0.000000 t-CO2/kWh の事業者があります）。"
        "そうでなければ桁かガスが抜けています",
    },
    "validate.validity.reversed": {
        "en": "factor '{id}' is valid from {start} to {end}: the end is before the start",
        "ja": "排出係数 '{id}' の適用期間は {start}〜{end} で、終わりが始まりより前です",
    },
    "validate.unit.invalid": {"en": "factor '{id}': {detail}", "ja": "排出係数 '{id}': {detail}"},
    "validate.unit.expect": {
        "en": "CO2e per activity unit, e.g. 't-CO2 / kL'",
        "ja": "活動量1単位あたりの CO2 換算量（例: 't-CO2 / kL'）",
    },
    "validate.unit.inverted": {
        "en": "factor '{id}': unit '{unit}' is inverted: activity per CO2e, not CO2e per activity unit",
        "ja": "排出係数 '{id}': 単位 '{unit}' が逆です。活動量1単位あたりの CO2 換算量ではなく、"
        "CO2 換算量あたりの活動量です",
    },
    "validate.unit.write": {"en": "write {expect}", "ja": "{expect}で記載してください"},
    "validate.unit.gases-co2e": {
        "en": "factor '{id}': per-gas values need a gas-mass unit, but '{unit}' is already CO2e",
        "ja": "排出係数 '{id}': ガス別の値にはガスの質量の単位が必要ですが、'{unit}' はすでに CO2 換算量です",
    },
    "validate.unit.gases-co2e.hint": {
        "en": "per-gas values are masses of each gas per activity unit, e.g. 'kg / L'",
        "ja": "ガス別の値は活動量1単位あたりの各ガスの質量です（例: 'kg / L'）",
    },
    "validate.unit.not-expected": {
        "en": "factor '{id}': unit '{unit}' is not {expect}",
        "ja": "排出係数 '{id}': 単位 '{unit}' が{expect}ではありません",
    },
    "validate.unit.not-expected.why": {
        "en": "factor '{id}': unit '{unit}' is not {expect}: {why}",
        "ja": "排出係数 '{id}': 単位 '{unit}' が{expect}ではありません。{why}",
    },
    "validate.unit.not-gas-mass": {
        "en": "factor '{id}': unit '{unit}' is not a gas mass per activity unit: {why}",
        "ja": "排出係数 '{id}': 単位 '{unit}' が活動量1単位あたりのガスの質量ではありません。{why}",
    },
    "validate.activity.none": {
        "en": "it has no activity unit (CO2e per what?)",
        "ja": "活動量の単位がありません（何あたりの CO2 換算量か不明です）",
    },
    "validate.activity.co2e-both": {
        "en": "CO2e appears on both sides",
        "ja": "CO2 換算量が分子と分母の両方にあります",
    },
    "validate.activity.multiplies": {
        "en": "it multiplies by the activity unit instead of dividing by it",
        "ja": "活動量の単位で割らずに掛けています",
    },
    "validate.activity.dimension": {
        "en": "the activity unit has dimension {dims}, not an energy, volume, mass, distance, count or the like",
        "ja": "活動量の単位の次元が {dims} で、エネルギー・体積・質量・距離・個数などではありません",
    },
    "validate.gas.unknown": {
        "en": "factor '{id}': no GWP is known for gas '{gas}' in any IPCC set ({sets})",
        "ja": "排出係数 '{id}': ガス '{gas}' の地球温暖化係数がどの IPCC の組（{sets}）にもありません",
    },
    "validate.gas.unknown.hint": {
        "en": "gases are named like CO2, CH4, N2O, SF6, HFC-134a",
        "ja": "ガスは CO2、CH4、N2O、SF6、HFC-134a のように記載します",
    },
    "validate.gwp-mismatch": {
        "en": "factor '{id}': the per-gas values weighted by GWP-100 give {sums}, none of which is the stated "
        "value {value}",
        "ja": "排出係数 '{id}': ガス別の値に地球温暖化係数（GWP-100）を掛けた合計は {sums} で、"
        "記載の値 {value} に一致するものがありません",
    },
    "validate.gwp-mismatch.hint": {
        "en": "the stated value must be sum(gas × GWP) for one IPCC set, within the rounding of the numbers",
        "ja": "記載の値は、いずれかの IPCC の組で sum(ガス × GWP) に数値の丸めの範囲で一致しなければなりません",
    },
    "validate.derivation.unit": {
        "en": "factor '{id}': the derivation's units do not give '{unit}': {detail}",
        "ja": "排出係数 '{id}': 算出根拠（derivation）の単位から '{unit}' になりません: {detail}",
    },
    "validate.derivation.unit.hint": {
        "en": "heat_content is energy per activity unit (GJ / kL), carbon_factor carbon per energy (tC / GJ)",
        "ja": "heat_content は活動量1単位あたりの熱量（GJ / kL）、carbon_factor は熱量あたりの炭素量（tC / GJ）です",
    },
    "validate.derivation.mismatch": {
        "en": "factor '{id}': {heat} × {carbon} × 44/12 = {derived} {unit}, which does not round to the stated "
        "value {value} (± {half})",
        "ja": "排出係数 '{id}': {heat} × {carbon} × 44/12 = {derived} {unit} で、丸めても記載の値 {value}"
        "（± {half}）になりません",
    },
    "validate.derivation.mismatch.hint": {
        "en": "check the value and both inputs against the source table",
        "ja": "値と 2 つの入力を出典の表と照合してください",
    },
    "validate.implausible": {
        "en": "factor '{id}': {value} {unit} is {converted} {range_unit}, outside the plausible range "
        "{low}–{high} {range_unit} for category '{category}'",
        "ja": "排出係数 '{id}': {value} {unit} は {converted} {range_unit} で、区分 '{category}' の"
        "妥当な範囲 {low}–{high} {range_unit} の外です",
    },
    "validate.implausible.hint": {
        "en": "{basis}; check the unit and the digits (a warning, not an error)",
        "ja": "{basis}。単位と桁を確認してください（エラーではなく警告です）",
    },
    "validate.unit.category": {
        "en": "factor '{id}': unit '{unit}' does not fit category '{category}' (expected like {expected})",
        "ja": "排出係数 '{id}': 単位 '{unit}' が区分 '{category}' に合いません（{expected} のような単位のはずです）",
    },
    "validate.unit.category.hint": {
        "en": "check the category and the unit; a category offsetcalc has no range for is not checked",
        "ja": "区分と単位を確認してください。offsetcalc が範囲をもたない区分は検査しません",
    },
    "validate.table.duplicate": {
        "en": "table name '{table}' is also used by {path}",
        "ja": "排出係数表の名前 '{table}' は {path} でも使われています",
    },
    "validate.table.duplicate.hint": {
        "en": "results name tables by this name with their sha256; give each table its own name",
        "ja": "結果では排出係数表をこの名前と sha256 で示します。表ごとに別の名前を付けてください",
    },
    "validate.id.no-start": {"en": "(no start)", "ja": "指定なし"},
    "validate.id.duplicate": {
        "en": "factor '{id}' valid from {start} is defined twice; first at {first}",
        "ja": "排出係数 '{id}'（適用開始 {start}）が 2 回定義されています。最初は {first}",
    },
    "validate.id.duplicate.hint": {
        "en": "the key of a factor is (ID, start of validity): give another edition its own "
        "'valid: {{from: …}}', or remove one",
        "ja": "排出係数のキーは（ID、適用期間の開始日）です。別の版には固有の 'valid: {{from: …}}' を付けるか、"
        "一方を削除してください",
    },
    "validate.validity.overlap": {
        "en": "factor '{id}' valid {span} overlaps the edition valid {other_span} at {other}",
        "ja": "排出係数 '{id}'（適用期間 {span}）が {other} の版（適用期間 {other_span}）と重なっています",
    },
    "validate.validity.overlap.hint": {
        "en": "one ID may have one edition in force on any day: end one period before the next starts",
        "ja": "1 つの ID で同じ日に適用される版は 1 つだけです。次の期間が始まる前に前の期間を終えてください",
    },
    # offsetcalc's own plausibility bounds (factors.validate.PLAUSIBLE): what each rests on
    "validate.basis.grid-electricity": {
        "en": "bound chosen by offsetcalc: even an all-coal grid stays near 1 kg-CO2/kWh",
        "ja": "offsetcalc が定めた範囲: すべて石炭火力の系統でも 1 kg-CO2/kWh 程度です",
    },
    "validate.basis.liquid-fuel-volume": {
        "en": "bound chosen by offsetcalc: the built-in SHK liquid fuels lie between 2.29 and 2.75 t-CO2/kL",
        "ja": "offsetcalc が定めた範囲: 組み込みの算定・報告・公表制度の液体燃料は 2.29〜2.75 t-CO2/kL です",
    },
    "validate.basis.liquid-fuel-mass": {
        "en": "upper bound is physics (a tonne of pure carbon gives 44/12 t of CO2); lower bound chosen by offsetcalc",
        "ja": "上限は物理的な限界（純粋な炭素 1 t から CO2 44/12 t）、下限は offsetcalc が定めたものです",
    },
    "validate.basis.gaseous-fuel-mass": {
        "en": "upper bound is physics (a tonne of pure carbon gives 44/12 t of CO2); lower bound chosen by offsetcalc "
        "(methane, the leanest hydrocarbon, gives 44/16 = 2.75)",
        "ja": "上限は物理的な限界（純粋な炭素 1 t から CO2 44/12 t）、下限は offsetcalc が定めたもの"
        "（炭素の最も少ない炭化水素であるメタンで 44/16 = 2.75）です",
    },
    "validate.basis.gaseous-fuel-nm3": {
        "en": "bound chosen by offsetcalc: 1000 Nm3 (0 °C, 1 atm) of methane gives 1.96 t-CO2, of propane 5.9",
        "ja": "offsetcalc が定めた範囲: 1000 Nm3（0 °C、1 気圧）でメタンは 1.96 t-CO2、プロパンは 5.9 t-CO2 です",
    },
    "validate.basis.gaseous-fuel-m3": {
        "en": "bound chosen by offsetcalc: 1000 m3 (25 °C, 1 bar) of methane gives 1.78 t-CO2, of propane 5.3",
        "ja": "offsetcalc が定めた範囲: 1000 m3（25 °C、1 bar）でメタンは 1.78 t-CO2、プロパンは 5.3 t-CO2 です",
    },
    "validate.basis.passenger-transport": {
        "en": "bound chosen by offsetcalc: the MLIT 2006 modes lie between 19 (rail) and 175 (private car)",
        "ja": "offsetcalc が定めた範囲: 国土交通省 2006 年の輸送機関別の値は 19（鉄道）〜175（自家用乗用車）です",
    },
    "validate.basis.freight-transport": {
        "en": "bound chosen by offsetcalc: MOE's database (Ver.3.6) puts rail at 22 and air freight at 1490 g-CO2/tkm",
        "ja": "offsetcalc が定めた範囲: 環境省の排出原単位データベース（Ver.3.6）では"
        "鉄道 22、航空貨物 1490 g-CO2/トンキロです",
    },
    "validate.basis.purchased-heat": {
        "en": "bound chosen by offsetcalc: the built-in SHK heat defaults are 0.057-0.060 t-CO2/GJ; "
        "five times that is a slip (kg for t, MJ for GJ)",
        "ja": "offsetcalc が定めた範囲: 組み込みの算定・報告・公表制度の熱の係数は 0.057〜0.060 t-CO2/GJ です。"
        "その 5 倍は単位の誤り（t とすべきところを kg、GJ とすべきところを MJ としたもの）です",
    },
    "validate.basis.water-supply": {
        "en": "bound chosen by offsetcalc: Tokyo's waterworks give 235-253 g-CO2/m3 and a household "
        "life-cycle figure (Koide et al. 2021) 584 g; several kg per m3 is a slip",
        "ja": "offsetcalc が定めた範囲: 東京都水道局の値は 235〜253 g-CO2/m3、家庭のライフサイクルの値"
        "（Koide et al. 2021）は 584 g です。1 m3 あたり数 kg は誤りです",
    },
    "validate.basis.sewage": {
        "en": "bound chosen by offsetcalc: Kyoto Prefecture's regional sewerage reports 375-391 g-CO2 "
        "per m3 treated; several kg per m3 is a slip (t per m3 for t per thousand m3)",
        "ja": "offsetcalc が定めた範囲: 京都府流域下水道の値は処理水量 1 m3 あたり 375〜391 g-CO2 です。"
        "1 m3 あたり数 kg は誤り（千m3 あたりを m3 あたりとしたもの）です",
    },
    "validate.basis.waste": {
        "en": "bound for incineration is physics (a tonne of pure carbon gives 44/12 t of CO2); "
        "give landfill methane its own category",
        "ja": "焼却の上限は物理的な限界（純粋な炭素 1 t から CO2 44/12 t）です。"
        "埋立のメタンには別の区分を設けてください",
    },
    "dim.energy": {"en": "an energy", "ja": "エネルギー"},
    "dim.power": {"en": "a power", "ja": "電力（仕事率）"},
    "dim.co2e": {"en": "a CO2e mass", "ja": "CO2 換算の質量"},
    "dim.carbon": {"en": "a carbon mass", "ja": "炭素の質量"},
    "dim.people": {"en": "a number of people", "ja": "人数"},
    "dim.pkm": {"en": "a passenger distance (person × distance)", "ja": "人キロ（人数 × 距離）"},
    "dim.tkm": {"en": "a freight transport (mass × distance)", "ja": "トンキロ（質量 × 距離）"},
    "dim.nm3": {"en": "a gas volume at normal conditions (Nm3)", "ja": "標準状態の気体の体積（Nm3）"},
    "dim.guest-nights": {"en": "a number of guest-nights", "ja": "延べ宿泊数"},
    "dim.person-time": {
        "en": "a person-time (person × time, as in person-days)",
        "ja": "人時間（人数 × 時間。人日など）",
    },
    "dim.vehicles": {"en": "a number of vehicles", "ja": "台数"},
    "dim.vkm": {"en": "a vehicle distance (vehicle × distance)", "ja": "台キロ（台数 × 距離）"},
    "dim.jpy": {"en": "an amount of money (JPY)", "ja": "金額（円）"},
    "dim.teams": {"en": "a number of teams", "ja": "チーム数"},
    "dim.laps": {"en": "a number of laps", "ja": "周回数"},
    "dim.copies": {"en": "a number of copies", "ja": "部数"},
    "dim.sheets": {"en": "a number of sheets", "ja": "枚数"},
    "dim.units": {"en": "a number of units", "ja": "個数"},
    "dim.density": {"en": "a density", "ja": "密度"},
    "dim.other": {"en": "a quantity of dimension {dims}", "ja": "次元 {dims} の量"},
}


def did_you_mean(given: str, choices: list[str] | tuple[str, ...] | set[str]) -> Msg | None:
    """A 'did you mean' hint for a misspelt name as a catalogue message ("did you mean 'a' or 'b'?")."""
    from offsetcalc.errors import did_you_mean_names

    close = did_you_mean_names(given, choices)
    return Msg("hint.did-you-mean-q", names=Join([f"'{c}'" for c in close], "sep.or")) if close else None


class Msg:
    """A finding message: a :data:`FINDINGS` key and its parameters, rendered in any language.

    A parameter may itself be a Msg (rendered in the same language) or a :class:`Join`; other
    values are shown with ``str``. Immutable and hashable, so it can sit in a frozen Finding.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: object) -> None:
        if key not in FINDINGS and key not in ERRORS:
            raise KeyError(f"no message {key!r} in the catalogue")
        self.key = key
        # An exception is kept as its text: a Msg travels back from batch workers by pickle, and
        # an exception class whose __init__ takes other arguments cannot be unpickled.
        self.params = tuple((k, str(v) if isinstance(v, BaseException) else v) for k, v in params.items())

    def render(self, lang: str = "en") -> str:
        entry = FINDINGS.get(self.key) or ERRORS[self.key]
        template = entry.get(lang) or entry["en"]
        return template.format(**{k: _render(v, lang) for k, v in self.params})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash((self.key, self.params))

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {dict(self.params)!r})"

    def __reduce__(self):  # pickled back from batch workers
        return (_msg, (self.key, self.params))


def _msg(key: str, params: tuple[tuple[str, object], ...]) -> Msg:
    return Msg(key, **dict(params))


class MsgValueError(ValueError):
    """A ValueError (what pydantic validators raise) that carries its catalogue message, so the
    file:line:col error built from it (offsetcalc.io.loader) is shown in the user's language."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.render("en"))
        self.msg = msg


class MsgText(str):
    """The English text of a catalogue message that keeps the message.

    Equal to, hashed and printed as its English text, so code and tests that hold plain
    strings (a registry export's row problems, a factor table's findings, JSON) are
    unchanged; :meth:`render` gives it in any language."""

    def __new__(cls, msg: Msg) -> MsgText:
        self = super().__new__(cls, msg.render("en"))
        self.msg = msg
        return self

    def render(self, lang: str = "en") -> str:
        return self.msg.render(lang)

    def __reduce__(self):  # pickled as its message, not as str's state
        return (MsgText, (self.msg,))


def in_lang(text: object, lang: str = "en") -> str:
    """``text`` in ``lang`` when it is a catalogue message (Msg, MsgText), else as written."""
    return text.render(lang) if hasattr(text, "render") else str(text)


def error_text(exc: BaseException) -> str:
    """An exception's message as text that still renders in any language when it is catalogued:
    an OffsetcalcError's or MsgValueError's Msg as :class:`MsgText`, anything else as ``str``."""
    # An OffsetcalcError's .msg is None once its text was rewritten; a MsgValueError's never is.
    # (json's JSONDecodeError has a .msg too: plain text.)
    msg = getattr(exc, "msg", None)
    if hasattr(msg, "render"):
        return MsgText(msg)
    return getattr(exc, "message", None) or str(exc)


def error_hint(exc: BaseException) -> str | None:
    """An OffsetcalcError's hint as :func:`error_text` gives its message (None without a hint)."""
    hint_msg = getattr(exc, "hint_msg", None)
    return MsgText(hint_msg) if hint_msg is not None else getattr(exc, "hint", None)


class Join(tuple):
    """Items shown joined by a separator of :data:`FINDINGS` (``sep.or``: ' or ' / '、')."""

    sep = "sep.comma"

    def __new__(cls, items: object, sep: str = "sep.comma") -> Join:
        self = super().__new__(cls, items)  # type: ignore[arg-type]
        self.sep = sep
        return self

    def __reduce__(self):
        return (Join, (tuple(self), self.sep))


def _render(value: object, lang: str) -> str:
    if isinstance(value, Join):
        return Msg(value.sep).render(lang).join(_render(v, lang) for v in value)
    if hasattr(value, "render"):  # Msg, MsgText, YamlProblem
        return value.render(lang)
    return str(value)


@dataclass(frozen=True)
class Quoted:
    """A message parameter holding text another library wrote in English (pydantic's message):
    as written in English; in another language its catalogue message ``msg``, or, when there is
    none, the original marked 原文 (``quoted.original``)."""

    text: str
    msg: Msg | None = None

    def render(self, lang: str = "en") -> str:
        if lang == "en":
            return self.text
        if self.msg is not None:
            return self.msg.render(lang)
        return Msg("quoted.original", text=self.text).render(lang)

    def __str__(self) -> str:
        return self.text


#: The YAML parser's own descriptions of a syntax error (``problem`` of a MarkedYAMLError), English
#: exactly as libyaml (CSafeLoader, what offsetcalc uses when present) and pure-Python PyYAML word
#: them, → Japanese. Both are format templates (a brace is written twice); ``{x}`` stands for what
#: PyYAML quotes with %r (a character, a token, a name).
#: A problem not listed is shown under --lang ja as the parser wrote it, marked 原文 (:class:`YamlProblem`).
YAML_PROBLEMS_JA: dict[str, str] = {
    # libyaml (scanner.c, parser.c, loader.c)
    "mapping values are not allowed in this context": "ここにはマッピングの値（': ' のあと）を書けません",
    "mapping keys are not allowed in this context": "ここにはマッピングのキーを書けません",
    "block sequence entries are not allowed in this context": "ここにはリストの項目（'- ' で始まる行）を書けません",
    "could not find expected ':'": "あるはずの ':' が見つかりません",
    "could not find expected directive name": "ディレクティブ名が見つかりません",
    "did not find URI escaped octet": "URI のエスケープ（%xx）が見つかりません",
    "did not find expected '!'": "あるはずの '!' が見つかりません",
    "did not find expected ',' or ']'": "あるはずの ',' か ']' が見つかりません",
    "did not find expected ',' or '}}'": "あるはずの ',' か '}}' が見つかりません",
    "did not find expected '-' indicator": "あるはずの '-' が見つかりません",
    "did not find expected <document start>": "文書の始まり（---）が見つかりません",
    "did not find expected <stream-start>": "ストリームの始まりが見つかりません",
    "did not find expected alphabetic or numeric character": "あるはずの英数字が見つかりません",
    "did not find expected comment or line break": "コメントか改行があるはずの位置に別の文字があります",
    "did not find expected digit or '.' character": "あるはずの数字か '.' が見つかりません",
    "did not find expected hexdecimal number": "あるはずの16進数が見つかりません",
    "did not find expected key": "あるはずのキーが見つかりません（字下げがずれていませんか）",
    "did not find expected node content": "あるはずの値が見つかりません",
    "did not find expected tag URI": "タグの URI が見つかりません",
    "did not find expected version number": "バージョン番号が見つかりません",
    "did not find expected whitespace or line break": "あるはずの空白か改行が見つかりません",
    "did not find expected whitespace": "あるはずの空白が見つかりません",
    "did not find the expected '>'": "あるはずの '>' が見つかりません",
    "found a tab character that violates indentation": "字下げにタブ文字があります（字下げは空白で書きます）",
    "found a tab character where an indentation space is expected": "字下げの空白があるはずの位置にタブ文字があります",
    "found an incorrect leading UTF-8 octet": "UTF-8 の先頭バイトが正しくありません",
    "found an incorrect trailing UTF-8 octet": "UTF-8 の後続バイトが正しくありません",
    "found an indentation indicator equal to 0": "字下げ指示子が 0 です",
    "found character that cannot start any token": "値の始まりに使えない文字があります（タブ、'@'、'`' など）",
    "found duplicate %TAG directive": "%TAG ディレクティブが重複しています",
    "found duplicate %YAML directive": "%YAML ディレクティブが重複しています",
    "found duplicate anchor; first occurrence": "アンカーが重複しています（1 回目）",
    "second occurrence": "同じ名前のアンカーがもう一度定義されています",
    "found extremely long version number": "バージョン番号が長すぎます",
    "found incompatible YAML document": "対応していない版の YAML 文書です",
    "found invalid Unicode character escape code": "Unicode 文字のエスケープが正しくありません",
    "found undefined alias": "定義されていないエイリアス（*名前）があります",
    "found undefined tag handle": "定義されていないタグハンドルがあります",
    "found unexpected ':'": "予期しない ':' があります",
    "found unexpected document indicator": "予期しない文書の区切り（--- か ...）があります",
    "found unexpected end of stream": "ファイルが途中で終わっています（引用符か括弧が閉じていません）",
    "found unexpected non-alphabetical character": "予期しない英字以外の文字があります",
    "found unknown directive name": "不明なディレクティブ名です",
    "found unknown escape character": "不明なエスケープ文字があります",
    "expected a single document in the stream": "ファイルに書ける YAML の文書は 1 つだけです",
    "but found another document": "2 つ目の文書があります（--- で区切られています）",
    # pure-Python PyYAML (scanner.py, parser.py, composer.py)
    "mapping values are not allowed here": "ここにはマッピングの値（': ' のあと）を書けません",
    "mapping keys are not allowed here": "ここにはマッピングのキーを書けません",
    "sequence entries are not allowed here": "ここにはリストの項目（'- ' で始まる行）を書けません",
    "found character {x} that cannot start any token": "値の始まりに使えない文字 {x} があります",
    "found undefined alias {x}": "定義されていないエイリアス {x} があります",
    "found duplicate anchor {x}; first occurrence": "アンカー {x} が重複しています（1 回目）",
    "expected the node content, but found {x}": "値があるはずの位置に {x} があります",
    "expected ',' or ']', but got {x}": "',' か ']' があるはずの位置に {x} があります",
    "expected ',' or '}}', but got {x}": "',' か '}}' があるはずの位置に {x} があります",
    "expected <block end>, but found {x}": (
        "ブロックの終わりがあるはずの位置に {x} があります（字下げがずれていませんか）"
    ),
    "expected '<document start>', but found {x}": "文書の始まり（---）があるはずの位置に {x} があります",
    "expected a comment or a line break, but found {x}": "コメントか改行があるはずの位置に {x} があります",
    "found unknown escape character {x}": "不明なエスケープ文字 {x} があります",
    "found unexpected document separator": "予期しない文書の区切り（---）があります",
    "expected alphabetic or numeric character, but found {x}": "英数字があるはずの位置に {x} があります",
    "expected chomping or indentation indicators, but found {x}": (
        "ブロックスカラーの指示子（+、-、1〜9）があるはずの位置に {x} があります"
    ),
    "expected a digit, but found {x}": "数字があるはずの位置に {x} があります",
    "expected ' ', but found {x}": "空白があるはずの位置に {x} があります",
    "expected '!', but found {x}": "'!' があるはずの位置に {x} があります",
    "expected '>', but found {x}": "'>' があるはずの位置に {x} があります",
    "expected URI, but found {x}": "URI があるはずの位置に {x} があります",
    "invalid indentation or unclosed '[' or '{{'": "字下げが正しくないか、'[' か '{{' が閉じていません",
}


@cache
def _yaml_problem_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each English problem as a regex (``{x}`` matches anything), with its Japanese template."""
    out = []
    for english, ja in YAML_PROBLEMS_JA.items():
        literal = english.replace("{{", "\0").replace("}}", "\1")
        pattern = re.escape(literal).replace(r"\{x\}", "(?P<x>.*)").replace("\0", r"\{").replace("\1", r"\}")
        out.append((re.compile(pattern), ja))
    return tuple(out)


def yaml_problem_text(problem: str, lang: str = "en") -> str | None:
    """The YAML parser's ``problem`` in ``lang``; None when it is not in :data:`YAML_PROBLEMS_JA`."""
    if lang == "en":
        return problem
    for pattern, ja in _yaml_problem_patterns():
        m = pattern.fullmatch(problem)
        if m:
            return ja.format(**m.groupdict())
    return None


@dataclass(frozen=True)
class YamlProblem:
    """A message parameter holding the YAML parser's own problem text: itself in English, its
    Japanese from :data:`YAML_PROBLEMS_JA`, or under another language the original marked 原文."""

    text: str

    def render(self, lang: str = "en") -> str:
        said = yaml_problem_text(self.text, lang)
        return said if said is not None else Msg("quoted.original", text=self.text).render(lang)

    def __str__(self) -> str:
        return self.text


_CITE = re.compile(
    r"\[(?:source: (?P<source>.*)|offsetcalc's own policy: (?P<policy>.*))\]"
    r"(?: \(unconfirmed: (?P<note>.*)\))?",
    re.S,
)


def cite_text(cite: str, lang: str = "en") -> str:
    """A finding's citation with its frame words in ``lang`` ([出典: …]（未確認: …）); the document
    names, editions and URLs are the sources' own and stay as published."""
    m = _CITE.fullmatch(cite)
    if lang == "en" or m is None:
        return cite
    if m["policy"] is not None:
        out = text("cite_policy", lang, text=m["policy"])
    else:
        out = text("cite_source", lang, text=m["source"])
    if m["note"] is not None:
        note = text("cite_unseen", lang) if m["note"] == MESSAGES["cite_unseen"]["en"] else m["note"]
        out += text("cite_unconfirmed", lang, note=note)
    return out


def finding_message(finding: Any, lang: str = "en") -> str:
    """A finding's whole message (text and citation) in ``lang``: what CSV, JUnit and Markdown show.

    English is the JSON's ``message`` exactly; a finding without a catalogued message keeps it."""
    if lang == "en":
        return finding.message
    translated = finding_text(finding, lang)
    if translated is None:
        return finding.message
    return translated + (" " + cite_text(finding.cite, lang) if finding.cite else "")


def finding_text(finding: object, lang: str = "en") -> str | None:
    """A finding's message (without citation) in ``lang``; None when its rule has no template yet."""
    msg = getattr(finding, "msg", None)
    if msg is None:
        return None
    return msg.render(lang)
