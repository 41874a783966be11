"""The Grafana dashboard and the Prometheus config in deploy/ query only what newswire exports.

Every PromQL expression of deploy/grafana/dashboards/newswire.json is parsed for metric names
and grouping labels, which must be series (and labels) that pipeline/metrics.py's registry
actually exposes on /metrics; Prometheus must scrape every compose service that runs a stage.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.cli.main import build_parser
from pipeline.metrics import Metrics
from tests.test_deploy import settings_with_env, stage_services

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "newswire.json"
PROMQL_KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring"}
# What the issue asks the dashboard to show, by the metric that carries it.
REQUIRED = {
    "throughput per stage": "newswire_records_in_total",
    "consumer lag": "newswire_consumer_lag",
    "dead letters by reason": "newswire_dead_letters_total",
    "processing latency": "newswire_processing_seconds_bucket",
    "poll outcomes": "newswire_feed_polls_total",
    "parked feeds": "newswire_feeds_parked",
}


def exported_series() -> dict[str, set[str]]:
    """Sample name -> label names, as a process's /metrics exposes them once every metric is used."""
    metrics = Metrics()
    metrics.record_in("extract")
    metrics.record_out("extract", "news.articles")
    metrics.dead_letter("extract", "fetch.timeout")
    metrics.observe_processing("extract", 0.1)
    metrics.observe_batch("extract", 0.1)
    metrics.set_lag("extract", "news.items", 0, 1)
    metrics.feed_poll("new")
    metrics.set_feeds_parked(1)
    series: dict[str, set[str]] = {}
    for family in metrics.registry.collect():
        for sample in family.samples:
            series.setdefault(sample.name, set()).update(sample.labels)
    return series


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (not functions, keywords or label names)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # string literals
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # range selectors
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = set()
    for match in re.finditer(r"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        if expr[match.end() :].lstrip().startswith("(") or match.group() in PROMQL_KEYWORDS:
            continue  # a function or aggregation, or an operator keyword
        names.add(match.group())
    return names


def grouping_labels(expr: str) -> set[str]:
    return {
        label.strip()
        for group in re.findall(r"\b(?:by|without)\s*\(([^)]*)\)", expr)
        for label in group.split(",")
        if label.strip()
    }


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    return dict(json.loads(DASHBOARD.read_text(encoding="utf-8")))


def expressions(dashboard: dict[str, Any]) -> list[str]:
    return [t["expr"] for panel in dashboard["panels"] for t in panel.get("targets", [])]


def test_the_parser_finds_metric_names_and_skips_functions() -> None:
    expr = 'histogram_quantile(0.99, sum by (stage, le) (rate(a_bucket{stage=~"$stage"}[5m]))) / on (x) b'
    assert metric_names(expr) == {"a_bucket", "b"}
    assert grouping_labels(expr) == {"stage", "le"}


def test_every_dashboard_metric_is_one_newswire_exports(dashboard: dict[str, Any]) -> None:
    exported = exported_series()
    queried = {name for expr in expressions(dashboard) for name in metric_names(expr)}
    assert queried, "no metric found in the dashboard"
    assert queried - set(exported) == set(), f"not exported by pipeline/metrics.py: {queried - set(exported)}"


def test_every_grouping_label_belongs_to_the_queried_metrics(dashboard: dict[str, Any]) -> None:
    exported = exported_series()
    for expr in expressions(dashboard):
        labels = set().union(*(exported[name] for name in metric_names(expr))) | {
            "instance",
            "job",
            "service",
        }
        assert grouping_labels(expr) <= labels, expr


def test_the_stage_variable_reads_an_exported_label(dashboard: dict[str, Any]) -> None:
    exported = exported_series()
    for variable in dashboard["templating"]["list"]:
        metric, label = re.fullmatch(r"label_values\((\w+),\s*(\w+)\)", variable["query"]["query"]).groups()  # type: ignore[union-attr]
        assert label in exported[metric]


def test_the_dashboard_shows_what_the_issue_asks_for(dashboard: dict[str, Any]) -> None:
    queried = {name for expr in expressions(dashboard) for name in metric_names(expr)}
    missing = {what for what, metric in REQUIRED.items() if metric not in queried}
    assert not missing


def test_every_panel_uses_the_provisioned_datasource(dashboard: dict[str, Any]) -> None:
    datasources = yaml.safe_load(
        (DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text()
    )
    uid = datasources["datasources"][0]["uid"]
    assert {p["datasource"]["uid"] for p in dashboard["panels"]} == {uid}


def test_prometheus_scrapes_every_stage_service_on_the_metrics_port() -> None:
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    targets = {
        (name, sd["port"])
        for job in config["scrape_configs"]
        if job.get("metrics_path", "/metrics") == "/metrics"
        for sd in job["dns_sd_configs"]
        for name in sd["names"]
    }
    port = int(compose["x-newswire"]["environment"]["NEWSWIRE_METRICS__PORT"])
    assert {(name, port) for name in stage_services(compose)} <= targets


def test_compose_mounts_the_prometheus_and_grafana_files() -> None:
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    mounts = [
        volume.split(":")[0]
        for name in ("prometheus", "grafana")
        for volume in compose["services"][name]["volumes"]
        if volume.startswith("./")
    ]
    assert mounts and all((DEPLOY / m).exists() for m in mounts)


def test_compose_web_service_runs_newswire_web_with_valid_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    assert build_parser().parse_args(web["command"]).command == "web"
    settings = settings_with_env(REPO / "config" / "newswire.yaml", web["environment"], monkeypatch)
    assert {u.split("/")[2].split(":")[0] for u in settings.web.metrics_urls} == set(stage_services(compose))
