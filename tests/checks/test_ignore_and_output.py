"""Switching rules off, the output formats, exit codes, and the example site in the repository."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sitegen.checks import run_check
from sitegen.checks.rules import RULES
from tests.checks.conftest import BODY, by_rule, config, job, line_of
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
DENVER_NO_PAY = job(locations='["Denver, CO, US"]', salary="<drop>", benefits="<drop>")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], capture_output=True, text=True, check=False)


def test_config_ignore_switches_off_one_rule_or_a_whole_family(lint):
    one = lint(DENVER_NO_PAY, config=config(check='ignore = ["pay.salary-missing"]'))
    assert by_rule(one, "pay.salary-missing") == [] and by_rule(one, "pay.benefits-missing")
    assert by_rule(one, "no-salary")  # the loader's generic warning is back when the precise one is off
    family = lint(DENVER_NO_PAY, config=config(check='ignore = ["pay"]'))
    assert [d for d in family if d.rule and d.rule.startswith("pay.")] == []


def test_posting_ignore_checks_switches_off_a_rule_for_that_posting_only(lint):
    files = {
        "content/jobs/a.md": job(locations='["Denver, CO, US"]', salary="<drop>", ignore_checks="[pay.salary-missing]"),
        "content/jobs/b.md": job(locations='["Denver, CO, US"]', salary="<drop>"),
    }
    assert [d.path for d in by_rule(lint(files), "pay.salary-missing")] == ["content/jobs/b.md"]


def test_unknown_rule_ids_in_ignore_lists_are_reported_with_a_suggestion(lint):
    posting, site_config = job(ignore_checks="[pay.salary-mising]"), config(check='ignore = ["google.expird"]')
    unknown = by_rule(lint(posting, config=site_config), "check.unknown-rule")
    assert [(d.path, d.line) for d in unknown] == [
        ("content/jobs/data-engineer.md", line_of(posting, "ignore_checks:")),
        ("sitegen.toml", line_of(site_config, "google.expird")),
    ]
    assert "did you mean 'pay.salary-missing'?" in unknown[0].hint
    assert by_rule(lint(job(ignore_checks="[no-salary, google]")), "check.unknown-rule") == []


def test_drafts_are_linted_only_with_drafts(lint):
    draft = job(title='"Data Engineer - $120k"', draft="true")
    assert by_rule(lint(draft), "google.title-stuffed") == []
    assert len(by_rule(lint(draft, drafts=True), "google.title-stuffed")) == 1


def test_text_output_groups_by_file_and_exits_1_on_errors(make_site):
    site = make_site({"content/jobs/a.md": DENVER_NO_PAY, "content/jobs/b.md": job(body=BODY + "\nA rockstar.\n")})
    result = run("check", str(site), "--now", "2026-11-25")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "content/jobs/a.md"
    assert lines[1].startswith("  2: error: benefits: no benefits described, but the pay-transparency law of Colorado")
    assert lines[1].endswith("[pay.benefits-missing]")
    assert (
        "  2: error: salary: no salary, but the pay-transparency law of Colorado (office in Denver, CO, US) "
        "requires the pay in the posting  [pay.salary-missing]" in lines
    )
    assert "      Colorado Equal Pay for Equal Work Act as amended by SB23-105 (C.R.S. § 8-5-201):" in lines
    assert "content/jobs/b.md" in lines
    assert lines[-1] == "2 problems to fix (1 warning)"


def test_strict_fails_on_warnings(make_site):
    site = make_site({"content/jobs/a.md": job(body=BODY + "\nA rockstar.\n")})
    assert run("check", str(site), "--now", "2026-11-25").returncode == 0
    assert run("check", str(site), "--now", "2026-11-25", "--strict").returncode == 1


def test_json_extends_the_version_1_document(make_site):
    site = make_site({"content/jobs/a.md": DENVER_NO_PAY})
    result = run("check", str(site), "--now", "2026-11-25", "--format", "json")
    report = json.loads(result.stdout)
    assert list(report) == ["version", "errors", "warnings", "diagnostics", "postings", "rules"]
    assert report["version"] == 1 and report["errors"] == 2
    first = report["diagnostics"][0]
    assert list(first) == ["path", "line", "field", "message", "hint", "severity", "rule"]
    assert [d["rule"] for d in report["diagnostics"]] == ["pay.benefits-missing", "pay.salary-missing"]
    (posting,) = report["postings"]
    law = posting["pay_transparency"]["laws"][0]
    assert posting["path"] == "content/jobs/a.md" and law["law"] == "us-co-2024" and law["certain"] is True
    assert law["reason"] == "office in Denver, CO, US" and law["sources"][0].startswith("https://")
    assert {rule["id"] for rule in report["rules"]} == set(RULES)


def test_github_annotations_point_at_file_and_line(make_site):
    site = make_site({"content/jobs/a.md": DENVER_NO_PAY})
    result = run("check", str(site), "--now", "2026-11-25", "--format", "github")
    assert result.stdout.startswith("::error file=content/jobs/a.md,line=2,title=benefits::no benefits described")


def test_rules_and_laws_listings(make_site):
    rules = run("check", "--rules")
    assert rules.returncode == 0 and all(rule_id in rules.stdout for rule_id in RULES)
    site = make_site({"content/jobs/a.md": DENVER_NO_PAY})
    laws = run("check", str(site), "--now", "2026-11-25", "--laws")
    assert "Colorado Equal Pay for Equal Work Act as amended by SB23-105" in laws.stdout
    assert "office in Denver, CO, US; requires: benefits, deadline, pay" in laws.stdout


def test_the_example_site_is_clean():
    assert run_check(ROOT, NOW) == []


def test_the_precise_salary_finding_replaces_the_generic_warning(lint):
    found = lint(DENVER_NO_PAY)
    assert by_rule(found, "pay.salary-missing") and by_rule(found, "no-salary") == []
    assert by_rule(lint(job(salary="<drop>")), "no-salary")  # no law covers Ann Arbor: the generic one stays
