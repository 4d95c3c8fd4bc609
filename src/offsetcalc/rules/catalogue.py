"""The rule IDs offsetcalc knows, what each checks, and the rules every profile gets.

Rule IDs are stable: reports, tests and users' own profiles rely on them.
*Core* rules rest on facts about credits themselves rather than on one
standard (a registry block holds end − start + 1 credits; one credit is one
tonne; the same credit cannot be used twice), so every profile applies them;
a profile may still list one to change its severity.
"""

from __future__ import annotations

#: rule ID → what it checks (one line; the README lists these).
RULES: dict[str, str] = {
    "file.invalid": "the file can be read, validated and computed (otherwise the verdict is 'error')",
    "file.missing": "a path named on the command line exists and can be read (otherwise the verdict is 'error')",
    "file.none": "a folder or pattern named on the command line holds submissions (otherwise 'error')",
    "file.unreadable": "every folder a batch walks can be listed: one that cannot stands in the report for its "
    "files (verdict 'error'), never skipped",
    "standard.unknown": "the file names a standard (or --standard gives one) that offsetcalc can load",
    "standard.not-builtin": "(warning) the standard is a profile file, not a built-in profile; names the core "
    "rules it weakens",
    "emissions.none": "the submission reports emissions to offset (a total of 0 t-CO2e offsets nothing)",
    "kind.not-covered": "the standard certifies this kind of submission (event / product / organization / city)",
    "period.missing": "the submission states its period (needed for date rules)",
    "offset.ratio-below-100": "credits cover all emissions (offset ratio at least 100 %)",
    "credits.none": "the submission offsets with credits: retired ones, or planned ones in a plan registration",
    "credits.allocation-exceeds": "an allocated part is no larger than the provider's retirement it comes from",
    "factors.outside-validity": "every factor is valid for the submission's period (its edition was in force)",
    "factors.unconfirmed": "every factor is confirmed against its source (otherwise a warning)",
    "factors.unsourced": "every inline factor names a real source, not a placeholder ('illustrative', 'TBD', '-')",
    "factors.overridden": "(warning) a factor of a user table (--factors) takes the place of a built-in one; "
    "both values are shown",
    "factors.method-fuel": "a calculation method's fuel factor is its fuel's (improved ton-kilo method: "
    "fuel_factor of a diesel truck is a diesel factor); a user table's factor is a warning",
    "table.rows-outside-period": "(warning) the rows of an activities_from table are dated within the file's "
    "period (rows dated outside it are counted, and reported)",
    "product.units-count": "(warning) a product whose functional unit is a count (1 box, not 1 kg) and which has "
    "per-unit activities gives a whole number of units, at least 1 (its per-unit activities count that many times)",
    "quantity.plain-number": "(warning) no plain number in a quantity or its unit scales it ('9000 MWh / 1000' "
    "is 9 MWh; '* 0.001', '%' too; a credit's '50 t-CO2 * 100'; an inline factor's 't-CO2 / MWh / 10'): each such "
    "quantity or factor, and each such unit of a table, is reported with the factor",
    "factors.superseded": "no factor without an end of validity is used where a newer edition of it was in force",
    "credits.eligible-type": "each credit's type is one the standard accepts",
    "credits.usable-until": "a credit type with an end of use was retired before that end",
    "credits.excluded-project": "no credits from project types the standard refuses",
    "credits.project-missing": "credits of types with refused project types name their project",
    "credits.serial-syntax": "each serial is a block {prefix, start, end} or a registry serial that parses",
    "credits.serial-type": "a registry serial belongs to the credit's type (registry, Kyoto unit type)",
    "credits.serial-missing": "retired credits give their serial numbers, so double use can be detected",
    "credits.block-size": "the serial blocks of a credit hold exactly its quantity (end − start + 1 each); "
    "for a provider's allocation, the retirement quantity",
    "credits.whole-units": "credit quantities are whole tonnes (1 credit = 1 t-CO2e); for a provider's allocation, "
    "the retirement it is part of",
    "credits.serial-overlap": "no credit is listed twice in the submission (no duplicate or overlapping blocks)",
    "credits.unit-overlap": "(warning) no two credits of the submission name the same Verra unit numbers under "
    "different serials (a flag, country or project id changed in place); Verra's registry-wide unit numbering "
    "is inferred from its export, not confirmed",
    "credits.retirement-date": "retired credits give their retirement date, not in the future",
    "credits.retired-evidence": "retired credits give their evidence (retirement notice, registry record)",
    "credits.retired-within-12-months": "credits were retired no later than N months after the period ends",
    "credits.future-issuance": "no credit's vintage lies after its retirement (ex-ante, not yet issued credits)",
    "credits.vintage": "the vintage can be read and is not older than the standard allows",
    "credits.planned-outside-plan": "planned credits appear only in a plan registration",
    "plan.registration-unsupported": "only standards with plan registration accept plan_registration: true",
    "plan.planned-credits": "a plan registration reports planned and retired credits apart (info)",
    "plan.reduction-missing": "the file has a reduction plan (削減努力 / emissions-management plan)",
    "plan.reduction-incomplete": "the reduction plan lists measures and targets",
    "boundary.missing-source": "each emission source the standard requires is included or excluded with a reason",
    "boundary.zero-source": "a required emission source is not shown only by activities of quantity 0 (a source "
    "with nothing to count is excluded with a reason); as severe as the profile makes the source",
    "boundary.unknown-exclusion": "each exclusion names an emission source of the standard's boundary",
    "gwp.set-differs": "a GWP set the file chose in place of the standard's for the period (else offsetcalc's "
    "default, AR5) is reported with the total and ratio by that set; a full offset must hold by both (otherwise a "
    "warning)",
    "gwp.profile-default": "the GWP set came from the standard's default, not the file (info)",
    "credits.beneficiary-other": "a credit's beneficiary is the offsetter (or its allocation's provider): "
    "credits retired for someone else do not offset this submission",
    "scope2.method-differs": "an organisation's offset ratio uses the standard's scope 2 method (location- or "
    "market-based); another method chosen by the file or the command line is reported with the other figure, "
    "and a full offset must hold by both",
    "scope2.location-factor-low": "(warning) a scope 2 location_factor is not below the national grid average "
    "in force for the period (a location-based figure uses a grid average, not a supplier's factor)",
    "gpc.cell-missing": "every GPC cell the claimed level (BASIC / BASIC+) requires has a value or a notation key",
    "gpc.key-explanation": "every notation key (NO / IE / NE / C) has an explanation",
    "gpc.ie-included-in": "an IE key names the cells it is included in (included_in), and those cells have values",
    "gpc.value-and-key": "no GPC cell has both a value and a notation key, or two keys",
    "gpc.not-estimated": "a cell the claimed level requires is NE (not estimated) or C (confidential) (warning)",
    "gpc.period-12-months": "a city inventory covers one continuous 12-month period",
    "gpc.grid-factor-scope1": "no grid-electricity factor in a scope 1 cell (grid energy is scope 2: double counting)",
    "gpc.grid-supply-fuel": "fuel burnt to generate energy supplied to the grid is reported only in I.4.4",
    "gpc.claim-not-estimated": "a carbon-neutral city claim has no NE or C cell in its level (the tonnes are unknown)",
    "gpc.claim-ratio": "a carbon-neutral city claim's credits cover the claimed level's total",
    "internal.error": "offsetcalc itself failed on this file (a bug; the verdict is 'error')",
}

_REGISTRY_CONVENTION = {
    "publisher": "European Commission (Kyoto unit identification); the registries' own exports",
    "document": "Registry serial conventions: quantity = end − start + 1 (Verra, Gold Standard, CDM/Kyoto, "
    "Climate Action Reserve, American Carbon Registry, ART TREES exports); Kyoto unit identification per "
    "EU Regulation 2216/2004 Annex VI",
    "edition": "Commission Regulation (EC) No 2216/2004",
    "year": 2004,
    "url": "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32004R2216",
}
_DOUBLE_COUNTING = {
    "publisher": "Ministry of the Environment, Japan",
    "document": "Guideline on carbon offsets in Japan (我が国におけるカーボン・オフセットのあり方について（指針）): "
    "double counting among the reliability conditions",
    "edition": "2008-02",
    "year": 2008,
    "note": "URL of the guideline not found yet",
}

_UNIT_NUMBERING = {
    "publisher": "offsetcalc",
    "document": "Unit-number inference: in the Verra registry's transaction export (200 rows, 115 issuances of "
    "56 projects in 28 countries) the unit ranges are disjoint and increase with the issuance number, and no "
    "two serials share a unit; the same unit numbers under another serial are therefore very likely "
    "the same credits with a field altered. Verra's own documents were not found to state it",
    "policy": True,
}

_CREDIT_TYPES = {
    "publisher": "offsetcalc",
    "document": "Credit type table (offsetcalc.credits.CREDIT_TYPES): names, registries, Kyoto unit types",
    "policy": True,
}
_NO_OFFSET_WITHOUT_CREDITS = {
    "publisher": "Ministry of the Environment, Japan",
    "document": "MOE definition of carbon offset: emissions that cannot be reduced are compensated (埋め合わせ) "
    "by buying credits or by reductions achieved elsewhere",
    "edition": "2009-03",
    "year": 2009,
    "url": "https://www.env.go.jp/press/10929.html",
}
_FACTOR_POLICY = {
    "publisher": "offsetcalc",
    "document": "Factor provenance policy: a factor is used for the period its source gives it, confirmed "
    "against that source, and names where it comes from",
    "policy": True,
}

_SCOPE2_POLICY = {
    "publisher": "offsetcalc",
    "document": "Scope 2 method policy: the offset ratio uses the standard's scope 2 method where its profile "
    "states one; a file or the command line may choose the other, and the report then gives the other figure; "
    "a claim fully offset only by the method the submitter chose, and short by the other, fails",
    "policy": True,
}

_LOCATION_FACTOR_POLICY = {
    "publisher": "offsetcalc",
    "document": "Location-based factor policy: a location-based scope 2 figure uses a grid-average factor "
    "(GHG Protocol Scope 2 Guidance, 2015: location-based method, grid-average emission factors); a location "
    "factor below the national average in force is reported, since a regional grid average may be lower",
    "policy": True,
}

_GWP_POLICY = {
    "publisher": "offsetcalc",
    "document": "GWP set policy: the offset ratio uses the GWP set the file or the command line chose; where the "
    "file chose another set than the one that applies without its choice (the standard's for the period, else "
    "offsetcalc's default, AR5), the report gives the total by that set, and a claim fully offset only by the set "
    "the submitter chose fails",
    "policy": True,
}

_USER_PROFILE = {
    "publisher": "offsetcalc",
    "document": "Profile policy: a verdict under a profile file is that file's, not a built-in standard's; "
    "the report names the file and the core rules it weakens",
    "policy": True,
}

_PROFILE_KINDS = {
    "publisher": "offsetcalc",
    "document": "Profile policy: a standard certifies only the kinds of submission its profile lists (kinds:)",
    "policy": True,
}

_BENEFICIARY = {
    "publisher": "offsetcalc",
    "document": "Beneficiary policy: credits count for the party they were retired for; a credit whose "
    "beneficiary is neither the offsetter nor the provider of its allocation cannot carry the claim",
    "policy": True,
}

_BOUNDARY_POLICY = {
    "publisher": "offsetcalc",
    "document": "Boundary policy: a source the standard requires is shown by an activity that measured something "
    "(a quantity above zero) or excluded with a reason; activities of quantity 0 alone are neither",
    "policy": True,
}

_PERIOD_POLICY = {
    "publisher": "offsetcalc",
    "document": "Period policy: a claim's emissions are those of its period; table rows dated outside it are "
    "counted (a reading dated just after the period's end is common) and reported",
    "policy": True,
}

_QUANTITY_POLICY = {
    "publisher": "offsetcalc",
    "document": "Quantity policy: a number written without a unit of its own inside a quantity or its unit "
    "(9000 MWh / 1000, 9000 MWh * 0.001, MWh * %) scales the quantity; it may be meant, so it is counted as "
    "written and reported with the factor",
    "policy": True,
}

_PRODUCT_UNITS_POLICY = {
    "publisher": "offsetcalc",
    "document": "Product units policy (an inference): per-unit activities count product.units times; when the "
    "functional unit is a count, a number of units below 1 or with a fraction is reported; a functional unit "
    "that is a measure (1 kg, 1 t) may be counted in fractions",
    "policy": True,
}

#: Sources of the core rules (merged into every profile's ``sources``).
CORE_SOURCES: dict[str, dict[str, object]] = {
    "core-registry": _REGISTRY_CONVENTION,
    "core-double-counting": _DOUBLE_COUNTING,
    "core-unit-numbering": _UNIT_NUMBERING,
    "core-credit-types": _CREDIT_TYPES,
    "core-definition": _NO_OFFSET_WITHOUT_CREDITS,
    "core-factor-policy": _FACTOR_POLICY,
    "core-user-profile": _USER_PROFILE,
    "core-scope2-policy": _SCOPE2_POLICY,
    "core-profile-kinds": _PROFILE_KINDS,
    "core-beneficiary": _BENEFICIARY,
    "core-boundary-policy": _BOUNDARY_POLICY,
    "core-location-factor-policy": _LOCATION_FACTOR_POLICY,
    "core-gwp-policy": _GWP_POLICY,
    "core-period-policy": _PERIOD_POLICY,
    "core-quantity-policy": _QUANTITY_POLICY,
    "core-product-units-policy": _PRODUCT_UNITS_POLICY,
}

#: Core rules: applied by every profile unless the profile lists the rule itself.
CORE_RULES: dict[str, dict[str, object]] = {
    "credits.serial-syntax": {"severity": "error", "source": "core-registry", "confirmed": True},
    "credits.serial-type": {"severity": "error", "source": "core-registry", "confirmed": True},
    "credits.block-size": {"severity": "error", "source": "core-registry", "confirmed": True},
    "credits.whole-units": {"severity": "error", "source": "core-registry", "confirmed": True},
    "credits.serial-overlap": {
        "severity": "error",
        "source": "core-double-counting",
        "confirmed": False,
        "note": "the guideline's wording on double counting was seen only in a secondary summary",
    },
    # Inferred, not confirmed (no Verra document read says unit numbers are unique registry-wide): a
    # warning until a source confirms it (offsetcalc's rule for inferences).
    "credits.unit-overlap": {
        "severity": "warning",
        "source": "core-unit-numbering",
        "confirmed": False,
        "note": "inferred from the Verra registry export; not confirmed by a Verra document",
    },
    # An unknown type is judged against offsetcalc's table; a type missing from a profile's list cites
    # that list (checks._eligible_list_source) unless the profile lists this rule with its own source.
    "credits.eligible-type": {"severity": "error", "source": "core-credit-types", "confirmed": True},
    # An offset without credits offsets nothing, whatever a standard allows for partial offsets.
    "credits.none": {"severity": "error", "source": "core-definition", "confirmed": True},
    # Nothing emitted, nothing offset: a total of 0 t (every source excluded or zero) cannot be certified.
    "emissions.none": {"severity": "error", "source": "core-definition", "confirmed": True},
    "credits.allocation-exceeds": {"severity": "error", "source": "core-registry", "confirmed": True},
    # A profile that forgot to list it (nz-carbonzero did) passed a city file with none of its rules.
    "kind.not-covered": {"severity": "error", "source": "core-profile-kinds", "confirmed": True},
    # Writing the registry's beneficiary on a credit silenced ledger.retired-for-other (redteam2).
    "credits.beneficiary-other": {"severity": "error", "source": "core-beneficiary", "confirmed": True},
    # Every built-in profile certifies, so a factor outside its validity is an error there (issue 9).
    "factors.outside-validity": {"severity": "error", "source": "core-factor-policy", "confirmed": True},
    "scope2.method-differs": {"severity": "warning", "source": "core-scope2-policy", "confirmed": True},
    # A file's own GWP set lowered the total below its credits (verdict9): error on that flip only.
    "gwp.set-differs": {"severity": "warning", "source": "core-gwp-policy", "confirmed": True},
    # Any factor passed as a 'location-based' one (redteam2): a warning, a regional grid may be lower.
    "scope2.location-factor-low": {"severity": "warning", "source": "core-location-factor-policy", "confirmed": True},
    # A zero quantity covered a required source with no reason given (verdict9): the severity is the
    # source's own in the profile (checks._zero_source); 'warning' here is only the catalogue's default.
    "boundary.zero-source": {"severity": "warning", "source": "core-boundary-policy", "confirmed": True},
    "factors.unconfirmed": {"severity": "warning", "source": "core-factor-policy", "confirmed": True},
    # Rows dated outside the period were warned about by compute only, never by check (redteam6).
    "table.rows-outside-period": {"severity": "warning", "source": "core-period-policy", "confirmed": True},
    # '9000 MWh / 1000' was 9 MWh with no word (redteam5 left it open; redteam7). It may be meant: a warning.
    # 'units: 1e-9' of '1 box' made 150 MWh of per-box power 150 µWh with no word (redteam6 left it open).
    "product.units-count": {"severity": "warning", "source": "core-product-units-policy", "confirmed": True},
    "quantity.plain-number": {"severity": "warning", "source": "core-quantity-policy", "confirmed": True},
    "factors.unsourced": {"severity": "warning", "source": "core-factor-policy", "confirmed": True},
    "factors.superseded": {"severity": "warning", "source": "core-factor-policy", "confirmed": True},
    "factors.overridden": {"severity": "warning", "source": "core-factor-policy", "confirmed": True},
    # A diesel truck's litres times gasoline's factor passed (verdict9); a user table's factor: a warning.
    "factors.method-fuel": {"severity": "error", "source": "core-factor-policy", "confirmed": True},
}
