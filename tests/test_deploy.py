"""Static checks that keep deploy/ honest without Docker, Kubernetes or systemd.

The compose file, the Kubernetes manifests and the systemd unit are parsed; every stage must have
its service, Deployment and command, every command must parse with the real CLI, probes must hit
/healthz and /readyz on the metrics port, containers must run as non-root, and every NEWSWIRE_*
variable they set must name a real setting.  The Dockerfile's HEALTHCHECK command is run against a
real ops server on loopback.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.cli.main import build_parser
from pipeline.health import Health, OpsServer
from pipeline.metrics import Metrics
from pipeline.settings import Settings, load_settings
from pipeline.stage_table import STAGE_NAMES

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
METRICS_PORT = 9464


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml(DEPLOY / "docker-compose.yml")


@pytest.fixture(scope="module")
def k8s_docs() -> list[dict[str, Any]]:
    kustomization = load_yaml(DEPLOY / "k8s" / "kustomization.yaml")
    docs: list[dict[str, Any]] = []
    for resource in kustomization["resources"]:
        docs.extend(d for d in yaml.safe_load_all((DEPLOY / "k8s" / resource).read_text()) if d)
    return docs


@pytest.fixture(scope="module")
def deployments(k8s_docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Deployments by the stage their container runs."""
    found = {}
    for doc in k8s_docs:
        if doc["kind"] == "Deployment":
            found[stage_of(container_of(doc)["args"])] = doc
    return found


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return dockerfile_instructions((DEPLOY / "Dockerfile").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def unit() -> dict[str, dict[str, list[str]]]:
    return parse_unit((DEPLOY / "systemd" / "newswire@.service").read_text(encoding="utf-8"))


def container_of(deployment: dict[str, Any]) -> dict[str, Any]:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, "one newswire container per pod"
    return dict(containers[0])


def stage_of(args: list[str]) -> str:
    """The stage a ``newswire`` argument list runs, checked against the real CLI parser."""
    parsed = build_parser().parse_args(args)
    assert parsed.command == "run"
    assert parsed.stage is not None and len(parsed.stage) == 1, f"one stage per process: {args}"
    return str(parsed.stage[0])


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs with line continuations joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    pairs = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            pairs.append((word.upper(), rest.strip()))
    return pairs


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    """A systemd unit as {section: {key: [values in order]}} (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def env_of_container(container: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env", [])}


def assert_names_a_setting(variable: str) -> None:
    """NEWSWIRE_<SECTION>__<KEY> must name a real field of Settings (NEWSWIRE_CONFIG is the file)."""
    if variable == "NEWSWIRE_CONFIG":
        return
    section, _, key = variable.removeprefix("NEWSWIRE_").lower().partition("__")
    assert section in Settings.model_fields, f"{variable}: no settings section {section!r}"
    model = Settings.model_fields[section].annotation
    assert key in model.model_fields, f"{variable}: no setting {section}.{key}"  # type: ignore[union-attr]


def settings_with_env(config: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Load ``config`` with exactly ``env`` as the NEWSWIRE_* environment, as the process would."""
    for variable in [v for v in os.environ if v.startswith("NEWSWIRE_")]:
        monkeypatch.delenv(variable)
    for variable, value in env.items():
        monkeypatch.setenv(variable, str(value))
    return load_settings(config)


def stage_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The services running a pipeline stage (``newswire run``), not Kafka, web or monitoring."""
    return {name: svc for name, svc in compose["services"].items() if svc.get("command", [None])[0] == "run"}


# --- docker compose -------------------------------------------------------------------------------


def undeployable(
    declared: tuple[str, ...], compose: dict[str, Any], deployments: dict[str, dict[str, Any]]
) -> dict[str, list[str]]:
    """Declared stages (the stage table) missing from a deploy target, by target."""
    gaps = {
        "docker-compose.yml": [s for s in declared if s not in stage_services(compose)],
        "k8s Deployment": [s for s in declared if s not in deployments],
    }
    return {target: missing for target, missing in gaps.items() if missing}


def test_every_stage_of_the_stage_table_is_deployable(
    compose: dict[str, Any], deployments: dict[str, dict[str, Any]]
) -> None:
    assert undeployable(STAGE_NAMES, compose, deployments) == {}


def test_a_declared_stage_without_deploy_entries_is_reported(
    compose: dict[str, Any], deployments: dict[str, dict[str, Any]]
) -> None:
    assert undeployable((*STAGE_NAMES, "dedup"), compose, deployments) == {
        "docker-compose.yml": ["dedup"],
        "k8s Deployment": ["dedup"],
    }


def test_compose_has_a_service_per_stage(compose: dict[str, Any]) -> None:
    assert set(stage_services(compose)) == set(STAGE_NAMES)


def test_compose_service_commands_run_their_own_stage(compose: dict[str, Any]) -> None:
    for name, service in stage_services(compose).items():
        assert stage_of(service["command"]) == name


def test_compose_runs_kafka_in_kraft_mode_with_a_healthcheck(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    assert kafka["image"].startswith(("apache/kafka:", "bitnami/kafka:"))
    roles = kafka["environment"].get("KAFKA_PROCESS_ROLES") or kafka["environment"]["KAFKA_CFG_PROCESS_ROLES"]
    assert "controller" in roles and "broker" in roles
    assert kafka["healthcheck"]["test"]


def test_compose_stages_wait_for_a_healthy_kafka(compose: dict[str, Any]) -> None:
    for service in stage_services(compose).values():
        assert service["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_compose_stages_can_be_scaled(compose: dict[str, Any]) -> None:
    for name, service in stage_services(compose).items():
        assert "container_name" not in service, f"{name}: a fixed container name cannot be scaled"
        assert "ports" not in service, f"{name}: a published host port clashes when scaled"


def test_compose_points_stages_at_the_compose_kafka(compose: dict[str, Any]) -> None:
    for service in stage_services(compose).values():
        env = service["environment"]
        assert env["NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert int(env["NEWSWIRE_KAFKA__SESSION_TIMEOUT_MS"]) == 10000
        assert env["NEWSWIRE_METRICS__HOST"] == "0.0.0.0"


def test_compose_mounts_the_repository_config(compose: dict[str, Any]) -> None:
    for service in stage_services(compose).values():
        assert "../config:/etc/newswire:ro" in service["volumes"]


def test_compose_environment_names_real_settings(compose: dict[str, Any]) -> None:
    for service in stage_services(compose).values():
        for variable in service["environment"]:
            assert_names_a_setting(variable)


def test_compose_environment_validates_as_settings(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = stage_services(compose)["extract"]["environment"]
    settings = settings_with_env(REPO / "config" / "newswire.yaml", env, monkeypatch)
    assert settings.kafka.bootstrap_servers == ["kafka:9092"]
    assert settings.metrics.host == "0.0.0.0"


# --- Kubernetes -----------------------------------------------------------------------------------


def test_kustomization_resources_exist() -> None:
    kustomization = load_yaml(DEPLOY / "k8s" / "kustomization.yaml")
    for resource in kustomization["resources"]:
        assert (DEPLOY / "k8s" / resource).is_file(), resource


def test_k8s_has_a_deployment_per_stage(deployments: dict[str, dict[str, Any]]) -> None:
    assert set(deployments) == set(STAGE_NAMES)


def test_k8s_manifests_are_namespace_agnostic(k8s_docs: list[dict[str, Any]]) -> None:
    assert all("namespace" not in doc["metadata"] for doc in k8s_docs)


def test_k8s_probes_hit_healthz_and_readyz_on_the_metrics_port(
    deployments: dict[str, dict[str, Any]],
) -> None:
    for stage, deployment in deployments.items():
        container = container_of(deployment)
        ports = {p.get("name"): p["containerPort"] for p in container["ports"]}
        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            get = container[probe]["httpGet"]
            assert get["path"] == path, f"{stage} {probe}"
            assert ports.get(get["port"], get["port"]) == METRICS_PORT, f"{stage} {probe}"


def test_k8s_containers_run_as_non_root(deployments: dict[str, dict[str, Any]]) -> None:
    for stage, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]["securityContext"]
        container = container_of(deployment)["securityContext"]
        assert pod["runAsNonRoot"] is True, stage
        assert pod["runAsUser"] != 0, stage
        assert container["allowPrivilegeEscalation"] is False, stage


def test_k8s_containers_set_resources(deployments: dict[str, dict[str, Any]]) -> None:
    for stage, deployment in deployments.items():
        resources = container_of(deployment)["resources"]
        assert resources["requests"]["memory"] and resources["limits"]["memory"], stage


def test_k8s_containers_listen_on_all_interfaces(deployments: dict[str, dict[str, Any]]) -> None:
    for stage, deployment in deployments.items():
        env = env_of_container(container_of(deployment))
        assert env["NEWSWIRE_METRICS__HOST"] == "0.0.0.0", stage
        assert int(env["NEWSWIRE_METRICS__PORT"]) == METRICS_PORT, stage
        assert env["NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS"], stage


def test_k8s_takes_the_sasl_password_from_a_secret(deployments: dict[str, dict[str, Any]]) -> None:
    for stage, deployment in deployments.items():
        env = env_of_container(container_of(deployment))
        assert "secretKeyRef" in env["NEWSWIRE_KAFKA__SASL_PASSWORD"], stage


def test_k8s_environment_names_real_settings(deployments: dict[str, dict[str, Any]]) -> None:
    for deployment in deployments.values():
        for variable in env_of_container(container_of(deployment)):
            assert_names_a_setting(variable)


def test_k8s_mounts_every_configmap_file(
    k8s_docs: list[dict[str, Any]], deployments: dict[str, dict[str, Any]]
) -> None:
    configmap = next(d for d in k8s_docs if d["kind"] == "ConfigMap")
    assert {"newswire.yaml", "feeds.yaml"} <= set(configmap["data"])
    for stage, deployment in deployments.items():
        mounted = {m.get("subPath") for m in container_of(deployment)["volumeMounts"]}
        assert set(configmap["data"]) <= mounted, stage


def test_k8s_configmap_settings_validate(k8s_docs: list[dict[str, Any]], tmp_path: Path) -> None:
    configmap = next(d for d in k8s_docs if d["kind"] == "ConfigMap")
    for name, text in configmap["data"].items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = load_settings(tmp_path / "newswire.yaml", use_env=False)
    assert settings.metrics.host == "0.0.0.0"
    assert yaml.safe_load((tmp_path / "feeds.yaml").read_text())


def test_k8s_environment_validates_as_settings(
    k8s_docs: list[dict[str, Any]],
    deployments: dict[str, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configmap = next(d for d in k8s_docs if d["kind"] == "ConfigMap")
    (tmp_path / "newswire.yaml").write_text(configmap["data"]["newswire.yaml"], encoding="utf-8")
    env = {
        k: v for k, v in env_of_container(container_of(deployments["extract"])).items() if isinstance(v, str)
    }
    settings = settings_with_env(tmp_path / "newswire.yaml", env, monkeypatch)
    assert settings.kafka.bootstrap_servers == [env["NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS"]]


# --- Dockerfile -----------------------------------------------------------------------------------


def test_dockerfile_runs_as_a_non_root_user(dockerfile: list[tuple[str, str]]) -> None:
    users = [args for word, args in dockerfile if word == "USER"]
    assert users, "no USER: the container would run as root"
    assert users[-1].split(":")[0] not in ("root", "0")


def test_dockerfile_is_slim_python(dockerfile: list[tuple[str, str]]) -> None:
    bases = [args.split()[0] for word, args in dockerfile if word == "FROM"]
    assert bases[-1] == "python:3.11-slim"


def test_dockerfile_installs_the_package(dockerfile: list[tuple[str, str]]) -> None:
    assert any(word == "RUN" and re.search(r"pip install \.(\s|$)", args) for word, args in dockerfile)


def test_dockerfile_entrypoint_is_newswire(dockerfile: list[tuple[str, str]]) -> None:
    entrypoints = [json.loads(args) for word, args in dockerfile if word == "ENTRYPOINT"]
    assert entrypoints[-1] == ["newswire"]


def test_dockerfile_listens_on_all_interfaces(dockerfile: list[tuple[str, str]]) -> None:
    env = " ".join(args for word, args in dockerfile if word == "ENV")
    assert "NEWSWIRE_METRICS__HOST=0.0.0.0" in env


def test_dockerfile_environment_names_real_settings(dockerfile: list[tuple[str, str]]) -> None:
    env = " ".join(args for word, args in dockerfile if word == "ENV")
    for variable in re.findall(r"(NEWSWIRE_[A-Z_]+)=", env):
        assert_names_a_setting(variable)


def healthcheck_command(dockerfile: list[tuple[str, str]]) -> list[str]:
    (args,) = [args for word, args in dockerfile if word == "HEALTHCHECK"]
    command = json.loads(args[args.index("CMD") + len("CMD") :].strip())
    assert command[0] == "python"
    return [sys.executable, *command[1:]]


@pytest.fixture
def ops() -> Iterator[tuple[OpsServer, Health]]:
    health = Health(stale_after_s=30.0)
    with OpsServer(Metrics(), health, host="127.0.0.1", port=0) as server:
        yield server, health


def run_healthcheck(command: list[str], port: int) -> int:
    env = {**os.environ, "NEWSWIRE_METRICS__PORT": str(port)}
    return subprocess.run(command, env=env, capture_output=True, timeout=60, check=False).returncode


def test_dockerfile_healthcheck_passes_on_a_live_process(
    dockerfile: list[tuple[str, str]], ops: tuple[OpsServer, Health]
) -> None:
    server, _ = ops
    assert run_healthcheck(healthcheck_command(dockerfile), server.port) == 0


def test_dockerfile_healthcheck_fails_on_a_stale_heartbeat(
    dockerfile: list[tuple[str, str]], ops: tuple[OpsServer, Health]
) -> None:
    server, health = ops
    health.stale_after_s = -1.0  # every heartbeat is already stale
    assert run_healthcheck(healthcheck_command(dockerfile), server.port) != 0


# --- systemd --------------------------------------------------------------------------------------


def test_systemd_unit_runs_the_instance_stage(unit: dict[str, dict[str, list[str]]]) -> None:
    (exec_start,) = unit["Service"]["ExecStart"]
    argv = shlex.split(exec_start)
    assert Path(argv[0]).name == "newswire"
    assert argv[-3:] == ["run", "--stage", "%i"]
    for stage in STAGE_NAMES:  # every instance name the README tells operators to enable parses
        assert stage_of([a.replace("%i", stage) for a in argv[1:]]) == stage


def test_systemd_unit_restarts_on_failure_and_stops_gracefully(unit: dict[str, dict[str, list[str]]]) -> None:
    service = unit["Service"]
    assert service["Restart"] == ["on-failure"]
    assert service["KillSignal"] == ["SIGTERM"]
    assert service["TimeoutStopSec"]


def test_systemd_unit_is_hardened(unit: dict[str, dict[str, list[str]]]) -> None:
    service = unit["Service"]
    assert service["NoNewPrivileges"] == ["yes"]
    assert service["ProtectSystem"] == ["strict"]
    assert service.get("DynamicUser") == ["yes"] or service.get("User", ["root"])[-1] not in ("root", "0")


def test_systemd_environment_names_real_settings(unit: dict[str, dict[str, list[str]]]) -> None:
    for assignments in unit["Service"].get("Environment", []):
        for variable in re.findall(r"(NEWSWIRE_[A-Z_]+)=", assignments):
            assert_names_a_setting(variable)


def test_systemd_unit_reads_the_environment_file(unit: dict[str, dict[str, list[str]]]) -> None:
    assert "/etc/newswire/env" in unit["Service"]["EnvironmentFile"]


def test_stateful_stages_keep_no_state_on_an_emptydir(deployments: dict[str, dict[str, Any]]) -> None:
    """A stage's state lives in its changelog topics: a pod's emptyDirs are scratch (tmp) or a
    cache that the changelogs rebuild (cache), never the state itself."""
    from pipeline.stage_table import STAGES

    for spec in (s for s in STAGES if s.state):
        pod = deployments[spec.name]["spec"]["template"]["spec"]
        scratch = {v["name"] for v in pod.get("volumes", []) if "emptyDir" in v}
        assert scratch <= {"tmp", "cache"}, spec.name
