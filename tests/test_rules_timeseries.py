"""Time-series rules where a case file cannot say enough: suggestions and the shipped country list."""

from __future__ import annotations

from pathlib import Path

import pytest

from automlspec.config import Config
from automlspec.lint import lint_text
from automlspec.rules.timeseries import iso_countries
from automlspec.suggest import forecast_frequency

SPEC = (Path(__file__).resolve().parent.parent / "specs" / "demand-forecast-timeseries-v2.yaml").read_text("utf-8")


def _findings(old: str, new: str):
    assert old in SPEC
    return lint_text("spec.yaml", SPEC.replace(old, new, 1), Config())


@pytest.mark.parametrize(
    "written, meant",
    [
        ("60min", "1H"),
        ("24H", "1D"),
        ("7D", "1W"),
        ("12M", "1Y"),
        ("120min", "2H"),
        ("48H", "2D"),
        ("14D", "2W"),
        ("1440min", "1D"),
        ("1h", "1H"),
        ("1d", "1D"),
        ("5T", "5min"),
        ("min", "1min"),
    ],
)
def test_forecast_frequency_suggests_the_next_unit(written: str, meant: str) -> None:
    assert forecast_frequency(written) == meant
    found = _findings("ForecastFrequency: 1D", f"ForecastFrequency: {written}")
    code = "AML105" if len(written) > 5 else "AML106"  # over 5 characters is a length finding
    assert [(f.rule, f.suggestion) for f in found] == [(code, meant)]


@pytest.mark.parametrize("written", ["2Y", "36H", "5W", "30D", "0D", "fortnight"])
def test_forecast_frequency_without_a_valid_spelling_gets_no_suggestion(written: str) -> None:
    assert forecast_frequency(written) is None


@pytest.mark.parametrize("valid", ["1Y", "Y", "11M", "M", "4W", "W", "6D", "D", "23H", "H", "59min", "15min"])
def test_valid_frequencies_are_clean(valid: str) -> None:
    assert _findings("ForecastFrequency: 1D", f"ForecastFrequency: {valid}") == []


def test_iso_country_list_is_complete_enough() -> None:
    codes = iso_countries()
    assert len(codes) == 249
    # the codes the holiday-calendar page shows (reference A8), all of which must stay silent
    listed = [
        "AF",
        "AX",
        "AL",
        "DZ",
        "AS",
        "AD",
        "AO",
        "AI",
        "AQ",
        "AG",
        "AR",
        "AM",
        "AW",
        "AU",
        "AT",
        "AZ",
        "BS",
        "BH",
        "BD",
        "BB",
        "BY",
        "BE",
        "BZ",
        "BJ",
        "BM",
        "BT",
        "BO",
        "BA",
        "BW",
        "BV",
        "BR",
        "IO",
        "VG",
        "BN",
        "BG",
        "BF",
        "BI",
        "KH",
        "CM",
        "CA",
        "CV",
        "BQ",
        "KY",
        "CF",
        "TD",
        "CL",
        "CN",
        "CX",
        "CC",
        "CO",
        "KM",
        "CK",
        "CR",
        "HR",
        "CU",
        "CW",
        "CY",
        "CZ",
        "CD",
        "DK",
        "DJ",
        "DM",
        "DO",
        "EC",
        "EG",
        "SV",
        "GQ",
        "ER",
        "EE",
        "SZ",
        "ET",
        "FK",
        "FO",
        "FJ",
        "FI",
        "FR",
        "GF",
        "PF",
        "TF",
        "GA",
        "GM",
        "GE",
        "DE",
        "GH",
        "GI",
        "GR",
    ]
    assert set(listed) <= set(codes)
    assert "UK" not in codes and "EL" not in codes


@pytest.mark.parametrize("code, meant", [("UK", "GB"), ("EL", "GR"), ("XK", None), ("ZZ", None)])
def test_holiday_country_outside_iso_warns(code: str, meant: str | None) -> None:
    found = _findings("CountryCode: US", f"CountryCode: {code}")
    assert [(f.rule, f.severity.value, f.suggestion) for f in found] == [("AML608", "warning", meant)]


def test_horizon_severity_can_be_lowered_by_configuration() -> None:
    from automlspec.findings import Severity

    text = SPEC.replace("ForecastHorizon: 14", "ForecastHorizon: 600")
    assert [f.severity for f in lint_text("spec.yaml", text, Config())] == [Severity.ERROR]
    lowered = Config(severity={"AML601": Severity.WARNING})
    assert [f.severity for f in lint_text("spec.yaml", text, lowered)] == [Severity.WARNING]
