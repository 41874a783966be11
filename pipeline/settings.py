"""The one validated, frozen settings object.

Loaded once at start from ``config/newswire.yaml`` (or ``--config`` / ``NEWSWIRE_CONFIG``), with
``NEWSWIRE_*`` environment overrides; nested keys use ``__``, e.g.
``NEWSWIRE_KAFKA__BOOTSTRAP_SERVERS=broker1:9092,broker2:9092``.  Relative paths in the file are
resolved against the file's folder.  Stages never read settings or the environment themselves:
the CLI passes each one what it needs.

An invalid configuration raises :class:`pipeline.errors.ConfigError` naming the key and the
problem; the CLI prints it in one line and exits 2.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

from pipeline.configfile import read_yaml
from pipeline.errors import ConfigError


def _package_config_dir() -> Path:
    """Where the default config files are: ``pipeline/defaults`` in an installed wheel (the
    repository's ``config/`` mapped into the package), ``config/`` in a checkout or editable install."""
    here = Path(__file__).resolve().parent
    installed = here / "defaults"
    return installed if installed.is_dir() else here.parent / "config"


PACKAGE_CONFIG_DIR = _package_config_dir()


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KafkaSettings(_Section):
    """Where the broker is and how clients talk to it.

    With no ``bootstrap_servers`` newswire starts the embedded Tansu broker on a free loopback
    port (memory only, for local use) and stops it on exit.
    """

    # NoDecode: the environment may give JSON ('["a:9092"]') or the usual 'a:9092,b:9092'.
    bootstrap_servers: Annotated[list[str], NoDecode] = Field(default_factory=list)
    client_id: str = "newswire"
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: Path | None = None
    ssl_certfile: Path | None = None
    ssl_keyfile: Path | None = None
    ssl_check_hostname: bool = True
    topic_prefix: str = "news."
    group_prefix: str = "newswire."
    partitions: int = Field(default=3, ge=1, le=1000)
    replication_factor: int = Field(default=1, ge=1, le=10)
    # Tansu holds a group join for ~session_timeout/2: short sessions make the embedded broker
    # responsive; real Kafka rejects sessions under 6000 ms by default.  None = pick by broker.
    session_timeout_ms: int | None = Field(default=None, ge=1000, le=300_000)
    heartbeat_interval_ms: int | None = Field(default=None, ge=100, le=100_000)
    max_poll_interval_ms: int = Field(default=300_000, ge=10_000)
    batch_size: int = Field(default=200, ge=1, le=10_000)
    poll_timeout_ms: int = Field(default=500, ge=10, le=60_000)
    linger_ms: int = Field(
        default=50,
        ge=0,
        le=10_000,
        description="How long a producer gathers records into one request: fewer, larger requests "
        "cost the process and the broker less CPU; an article waits for its page far longer",
    )
    max_request_size: int = Field(default=8 * 1024 * 1024, ge=1024)
    compression_type: Literal["gzip", "snappy", "lz4", "zstd"] | None = None
    processing_guarantee: Literal["at_least_once", "exactly_once"] = "at_least_once"
    max_retries: int = Field(default=3, ge=0, le=100, description="Attempts on retryable stage errors")
    max_in_flight: int = Field(
        default=256,
        ge=1,
        le=100_000,
        description="Records a stage holds between poll and commit; then it pauses",
    )
    commit_interval_s: float = Field(
        default=1.0, gt=0, le=60, description="How often finished offsets are committed"
    )
    shutdown_grace_s: float = Field(
        default=20.0, ge=0, le=600, description="On stop, how long in-flight records may take to finish"
    )
    stall_after_s: float = Field(
        default=120.0,
        gt=0,
        description="/readyz fails when records are in flight and none finished for this long",
    )
    max_retry_delay_s: float = Field(
        default=60.0, ge=0, description="Longest Retry-After honoured; a longer one dead-letters the record"
    )
    connect_timeout_s: float = Field(
        default=15.0, ge=0, le=3600, description="How long every command waits for an unreachable broker"
    )

    @field_validator("bootstrap_servers", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                try:
                    return json.loads(value)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"not a JSON list: {exc}") from exc
            return [s.strip() for s in value.split(",") if s.strip()]
        return value

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> KafkaSettings:
        if self.security_protocol.startswith("SASL") and self.sasl_mechanism is None:
            raise ValueError("sasl_mechanism is required when security_protocol is SASL_*")
        return self

    @property
    def embedded(self) -> bool:
        return not self.bootstrap_servers


class FetchSettings(_Section):
    """How newswire fetches feeds and article pages from the web (hostile until checked)."""

    user_agent: str = "newswire/0.1 (+https://github.com/newswire/newswire; news feed processor)"
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120)
    total_timeout_s: float = Field(default=20.0, gt=0, le=600)
    max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    max_redirects: int = Field(default=5, ge=0, le=30)
    allow_private_addresses: bool = Field(
        default=False, description="Allow loopback/private/link-local targets (replay and tests only)"
    )
    allowed_private_origins: list[str] = Field(
        default_factory=list,
        description="host:port origins on private addresses that may be fetched even so (replay's own "
        "loopback server); every other private address stays refused",
    )
    per_host_concurrency: int = Field(default=2, ge=1, le=100)
    per_host_delay_s: float = Field(default=1.0, ge=0, le=600)
    respect_robots: bool = True
    robots_ttl_s: float = Field(default=3600, ge=0, description="How long a site's robots.txt is cached")
    max_concurrency: int = Field(default=200, ge=1, le=10_000)

    @field_validator("allowed_private_origins")
    @classmethod
    def _host_and_port(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            host, _, port = origin.rpartition(":")
            if not host or not port.isdigit():
                raise ValueError(f"{origin!r} is not host:port (e.g. 127.0.0.1:8080)")
        return origins


class ExtractSettings(_Section):
    """How the extract stage uses the machine."""

    workers: int = Field(default=0, ge=0, le=256, description="Extraction processes; 0 = one per CPU core")
    page_deadline_s: float = Field(
        default=60.0,
        gt=0,
        le=3600,
        description="Longest fetch (politeness waits included) and, again, extraction of one page",
    )
    max_in_flight: int = Field(
        default=2048,
        ge=1,
        le=100_000,
        description=(
            "Records the extract stage holds between poll and commit, in place of kafka.max_in_flight: "
            "most wait for a per-host politeness slot and cost almost nothing, and slow hosts would "
            "otherwise hold the whole cap while the extraction workers starve"
        ),
    )
    max_pending_mb: int = Field(
        default=128,
        ge=1,
        le=16_384,
        description=(
            "MiB of fetched pages waiting for or in extraction; at the budget no new request goes out "
            "(the extraction workers' pace holds back the network, not memory)"
        ),
    )

    def worker_count(self) -> int:
        """The number of extraction processes: ``workers``, or the machine's core count."""
        return self.workers or os.cpu_count() or 1


class RunSettings(_Section):
    """How ``newswire run`` composes the stages it runs in one process."""

    chain: bool = Field(
        default=True,
        description="Run a stage and the stage reading its output in line (every record is still "
        "produced to its topic); false: every stage has its own consumer",
    )


class PollSettings(_Section):
    feeds_file: Path = Path("feeds.yaml")
    state_dir: Path = Path("~/.local/state/newswire")
    default_interval_s: float = Field(default=900, gt=0)
    min_interval_s: float = Field(default=60, gt=0)
    max_interval_s: float = Field(default=6 * 3600, gt=0)
    max_failures: int = Field(default=8, ge=1, description="Consecutive failures before a feed is parked")
    max_in_flight: int = Field(default=500, ge=1, le=100_000, description="Feeds being polled at once")
    commit_interval_s: float = Field(default=1.0, gt=0, le=60, description="Poll state commit period")
    reload_check_s: float = Field(default=2.0, gt=0, description="How often the feed list file is checked")
    ownership_recheck_s: float = Field(default=5.0, gt=0, description="Recheck of unowned feeds")
    parse_workers: int = Field(default=0, ge=0, le=64, description="Feed-parsing processes; 0 = threads")
    parse_timeout_s: float = Field(default=10.0, gt=0, le=600, description="Time budget to parse one feed")
    max_items_per_feed: int = Field(default=1000, ge=1, le=100_000, description="Entries read per feed")

    @model_validator(mode="after")
    def _ordered(self) -> PollSettings:
        if not self.min_interval_s <= self.default_interval_s <= self.max_interval_s:
            raise ValueError("need min_interval_s <= default_interval_s <= max_interval_s")
        return self


class CleanSettings(_Section):
    rules_file: Path = Path("boilerplate.yaml")
    learn_min_sites_articles: int = Field(
        default=5, ge=2, description="Articles of one site a line must recur in"
    )
    learn_max_lines_per_site: int = Field(default=2000, ge=10)
    learn_max_sites: int = Field(default=1000, ge=1, description="Sites whose boilerplate is remembered")
    learn_max_words: int = Field(default=20, ge=1, description="Only lines this short are learned")
    story_index_size: int = Field(default=50_000, ge=1, description="Recent articles kept for near-dups")
    near_duplicate_bits: int = Field(default=6, ge=0, le=15, description="SimHash distance of one story")
    state_dir: Path | None = None


class TagSettings(_Section):
    taxonomy_file: Path = Path("topics.yaml")
    gazetteer_file: Path = Path("gazetteer.yaml")


class LogSettings(_Section):
    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["auto", "json", "console"] = "auto"


class MetricsSettings(_Section):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(default=9464, ge=0, le=65535)


class WebSettings(_Section):
    """``newswire web``: the read-only web view, and the /metrics endpoints its status strip reads."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    max_articles: int = Field(default=2000, ge=1, description="articles kept in memory for the list")
    max_dead_letters: int = Field(default=500, ge=1, description="dead letters kept for the view")
    metrics_urls: tuple[str, ...] = Field(
        default=("http://127.0.0.1:9464/metrics",),
        description="the services' /metrics endpoints the status strip samples",
    )
    status_interval_s: float = Field(default=2.0, gt=0, description="how often the status is sampled")
    rate_window_s: float = Field(default=60.0, gt=0, description="records/s are averaged over this window")


class Settings(BaseSettings):
    """All of newswire's configuration, frozen after validation."""

    model_config = SettingsConfigDict(
        frozen=True,
        extra="forbid",
        env_prefix="NEWSWIRE_",
        env_nested_delimiter="__",
    )

    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    extract: ExtractSettings = Field(default_factory=ExtractSettings)
    run: RunSettings = Field(default_factory=RunSettings)
    poll: PollSettings = Field(default_factory=PollSettings)
    clean: CleanSettings = Field(default_factory=CleanSettings)
    tag: TagSettings = Field(default_factory=TagSettings)
    log: LogSettings = Field(default_factory=LogSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    config_dir: Path = PACKAGE_CONFIG_DIR

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment beats the file; the file is passed in as init kwargs by load_settings.
        return env_settings, init_settings

    def path(self, relative: Path) -> Path:
        """Resolve a configured path against the config folder (``~`` expanded)."""
        relative = relative.expanduser()
        return relative if relative.is_absolute() else self.config_dir / relative

    def data_file(self, key: str) -> Path:
        """The data file the setting ``key`` (e.g. ``"tag.taxonomy_file"``) names, resolved; a
        missing one is a ConfigError naming the key, not only the path."""
        section, _, name = key.partition(".")
        path = self.path(getattr(getattr(self, section), name))
        if not path.is_file():
            problem = "is a folder, not a file" if path.is_dir() else "no such file"
            raise ConfigError(key, f"{path}: {problem}")
        return path

    def with_overrides(self, **sections: dict[str, Any]) -> Settings:
        """A copy with some section fields replaced, validated again (used by the CLI and tests)."""
        data = self.model_dump()
        for section, values in sections.items():
            data[section] = {**data[section], **values}
        return _validate(data, source="overrides", use_env=False)


def default_config_file() -> Path:
    env = os.environ.get("NEWSWIRE_CONFIG")
    if env:
        return Path(env)
    local = Path.cwd() / "config" / "newswire.yaml"
    return local if local.is_file() else PACKAGE_CONFIG_DIR / "newswire.yaml"


def load_settings(path: Path | None = None, *, use_env: bool = True) -> Settings:
    """Load, validate and freeze the settings; raise ConfigError naming the bad key."""
    path = path or default_config_file()
    data: dict[str, Any] = {}
    if path.exists():
        loaded = read_yaml(path)
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(str(path), "must be a mapping of sections (kafka:, fetch:, ...)")
        data = loaded
    elif path != PACKAGE_CONFIG_DIR / "newswire.yaml":
        raise ConfigError(str(path), "config file not found")
    data.setdefault("config_dir", str(path.resolve().parent))
    _bundled_data_files(data, Path(str(data["config_dir"])))
    return _validate(data, source=str(path), use_env=use_env)


def _bundled_data_files(data: dict[str, Any], config_dir: Path) -> None:
    """Point every data file ``data`` does not name at the copy beside the config file, or, when
    there is none, at the bundled default: a config file of a few keys (``--config my.yaml``
    setting only the bootstrap servers) must not make newswire look for a taxonomy beside it.
    A data file the config names is always resolved against its folder, and missing is an error."""
    for section, key, model in (
        ("poll", "feeds_file", PollSettings),
        ("clean", "rules_file", CleanSettings),
        ("tag", "taxonomy_file", TagSettings),
        ("tag", "gazetteer_file", TagSettings),
    ):
        values = data.get(section) or {}
        if not isinstance(values, dict) or key in values:
            continue  # named (or not a mapping, which validation reports)
        default = model.model_fields[key].default
        if not (config_dir / default).is_file() and (PACKAGE_CONFIG_DIR / default).is_file():
            data[section] = {**values, key: str(PACKAGE_CONFIG_DIR / default)}


def check_env_sections(environ: dict[str, str] | None = None) -> None:
    """Refuse a ``NEWSWIRE_<SECTION>__<KEY>`` variable whose section does not exist.

    pydantic-settings ignores such variables, so a typo (``NEWSWIRE_KAFKAA__PARTITIONS``) would
    silently leave the default in force.  Variables without ``__`` (``NEWSWIRE_CONFIG``, test
    switches) are not settings paths and are left alone.
    """
    sections = {name.upper() for name in Settings.model_fields if name != "config_dir"}  # not a section
    for name in sorted(os.environ if environ is None else environ):
        if name.upper().startswith("NEWSWIRE_") and "__" in name:
            section = name[len("NEWSWIRE_") :].split("__", 1)[0].upper()
            if section not in sections:
                known = ", ".join(sorted(sections))
                raise ConfigError(name, f"unknown settings section {section!r} (known: {known})")


def _validate(data: dict[str, Any], *, source: str, use_env: bool) -> Settings:
    if use_env:
        check_env_sections()
    try:
        if use_env:
            return Settings(**data)
        return _NoEnvSettings(**data)
    except ValidationError as exc:
        raise _config_error(exc, source) from None
    except SettingsError as exc:  # an environment value that is not valid JSON for a complex field
        raise ConfigError("NEWSWIRE_* environment", str(exc)) from None


class _NoEnvSettings(Settings):
    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls,
        init_settings,
        env_settings,
        dotenv_settings,  # type: ignore[no-untyped-def, override]
        file_secret_settings,
    ):
        return (init_settings,)


def _config_error(exc: ValidationError, source: str) -> ConfigError:
    problems = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(root)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown setting"
        problems.append((key, msg))
    key, msg = problems[0]
    if len(problems) > 1:
        msg += "; also " + "; ".join(f"{k}: {m}" for k, m in problems[1:])
    return ConfigError(key, f"{msg} (in {source} or NEWSWIRE_* environment)")
