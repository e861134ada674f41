"""lang.quebec-french: a job in Québec needs a French version of its posting."""

from __future__ import annotations

from sitegen.checks import check_site
from sitegen.checks.language_laws import load_language_laws
from tests.conftest import CONFIG, NOW, SiteFactory, posting


def findings(make_site: SiteFactory, config: str = CONFIG, **fields: str) -> list[tuple[int | None, str, str]]:
    site = make_site({"content/jobs/x.md": posting(**fields)}, config=config)
    return [
        (d.line, d.severity, d.message) for d in check_site(site, NOW).diagnostics if d.rule == "lang.quebec-french"
    ]


def test_an_office_in_quebec_without_french_is_an_error(make_site: SiteFactory) -> None:
    [(line, severity, message)] = findings(make_site, locations="\n  - Montréal, QC, CA")
    assert (line, severity) == (4, "error")
    assert message.startswith("the office in Montréal, QC, CA is in Québec, and Charter of the French Language")


def test_the_province_may_be_spelt_out(make_site: SiteFactory) -> None:
    assert findings(make_site, locations="\n  - Quebec City, Québec, CA")[0][1] == "error"


def test_a_french_site_satisfies_it(make_site: SiteFactory) -> None:
    french = CONFIG.replace('language = "en"', 'language = "fr-CA"')
    assert findings(make_site, french, locations="\n  - Montréal, QC, CA") == []


def test_a_remote_role_open_to_canada_is_a_warning(make_site: SiteFactory) -> None:
    [(_, severity, message)] = findings(make_site, locations="<drop>", remote="[US, CA]")
    assert severity == "warning" and message.startswith("the remote role is open to people in Québec")


def test_elsewhere_in_canada_and_before_the_law_nothing(make_site: SiteFactory) -> None:
    assert findings(make_site, locations="\n  - Toronto, ON, CA") == []
    assert (
        findings(make_site, locations="\n  - Montréal, QC, CA", date_posted="2022-05-31", valid_through="2027-01-31")
        == []
    )


def test_the_laws_data_is_well_formed() -> None:
    laws = load_language_laws()
    assert {law.id for law in laws} == {"ca-qc-charter-s41-2022", "ca-qc-charter-francization-2025"}
    assert all(law.sources and law.sources[0].startswith("https://") for law in laws)
