"""docker-compose.yml without Docker: its services run commands that exist, with the
variables the production settings need, the volumes nginx and Django share, and the nginx
configuration rendered as the nginx image renders it."""

import os
import re
import shlex
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(settings.BASE_DIR)
DJANGO_SERVICES = ("release", "web", "worker", "scheduler")
# ${NAME:?message}, ${NAME:-default}, ${NAME}
VARIABLE = re.compile(r"\$\{([A-Z_]+)(?::([?-])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def interpolate(value, given):
    def one(match):
        name, kind, rest = match.groups()
        if name in given:
            return given[name]
        if kind == "?":
            raise KeyError(name)
        return rest or ""

    return VARIABLE.sub(one, str(value))


def required_variables(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    return sorted({m.group(1) for m in VARIABLE.finditer(text) if m.group(2) == "?"})


GIVEN = {
    "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
    "SITE_HOST": "centenaire.example.org",
    "POSTGRES_PASSWORD": "probe",
}


def environment_of(compose, service):
    env = compose["services"][service]["environment"]
    return {name: interpolate(value, GIVEN) for name, value in env.items()}


def test_the_services_of_the_scaled_out_shape(compose):
    assert set(compose["services"]) == {
        "postgres",
        "redis",
        "release",
        "web",
        "worker",
        "scheduler",
        "nginx",
    }
    assert required_variables(compose) == ["DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "SITE_HOST"]


def test_each_django_service_runs_a_command_that_exists(compose):
    commands = get_commands()
    services = compose["services"]
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert services["scheduler"]["command"] == ["python", "manage.py", "run_scheduler"]
    release = services["release"]["command"][-1]
    names = re.findall(r"manage\.py (\w+)", release)
    assert names == ["migrate", "collectstatic", "set_site_address"]
    for name in ("db_worker", "run_scheduler", *names):
        assert name in commands
    # web runs the image's own command: gunicorn with the repository's configuration.
    assert "command" not in services["web"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "centenaire.wsgi:application"]' in (
        dockerfile
    )
    for service in DJANGO_SERVICES:
        assert services[service]["build"] == "."


def test_every_django_service_has_what_production_settings_need(compose):
    for service in DJANGO_SERVICES:
        env = environment_of(compose, service)
        assert env["DJANGO_SETTINGS_MODULE"] == "centenaire.settings.production"
        assert len(env["DJANGO_SECRET_KEY"]) >= 50
        assert env["ALLOWED_HOSTS"] == "centenaire.example.org"
        assert env["DATABASE_URL"].startswith("postgres://centenaire:probe@postgres:5432/")
        assert env["REDIS_URL"].startswith("redis://redis:6379/")
        assert env["SERVE_MEDIA"] == "false"
    postgres = compose["services"]["postgres"]["environment"]
    assert env["DATABASE_URL"].endswith(f"/{postgres['POSTGRES_DB']}")


def test_nginx_and_django_share_the_media_and_static_folders(compose):
    services = compose["services"]
    nginx_env = services["nginx"]["environment"]
    assert nginx_env["AWS_STORAGE_BUCKET_NAME"] == "${AWS_STORAGE_BUCKET_NAME:-}"
    for service in DJANGO_SERVICES:
        env = environment_of(compose, service)
        mounts = dict(volume.split(":")[:2][::-1] for volume in services[service]["volumes"])
        assert env["MEDIA_ROOT"] == nginx_env["MEDIA_ROOT"]
        assert env["STATIC_ROOT"] == nginx_env["STATIC_ROOT"]
        assert mounts[env["MEDIA_ROOT"]] == "media"
        assert mounts[env["STATIC_ROOT"]] == "static"
    nginx_mounts = {v.split(":")[1]: v.split(":")[0] for v in services["nginx"]["volumes"]}
    assert nginx_mounts == {"/srv/media": "media", "/srv/static": "static"}
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "chown centenaire:centenaire /srv/media /srv/static" in dockerfile


def nginx_command():
    dockerfile = (ROOT / "deploy/nginx/Dockerfile").read_text()
    cmd = re.search(r'^CMD \["sh", "-c", "(.*)"\]$', dockerfile, re.MULTILINE).group(1)
    render = cmd.split(" && ")[0]
    return shlex.split(render)


def test_the_nginx_image_renders_the_repository_configuration(compose, tmp_path):
    command = nginx_command()
    assert command[:2] == ["python3", "/etc/centenaire/render.py"]
    upstream = command[command.index("--upstream") + 1]
    web = environment_of(compose, "web")
    assert upstream == f"web:{web['PORT']}"
    arguments = [a for a in command[2:] if not a.startswith("/etc/nginx")]
    arguments = [a for a in arguments if a not in ("--output",)]
    env = {**os.environ, **compose["services"]["nginx"]["environment"]}

    result = subprocess.run(
        [sys.executable, "deploy/nginx/render.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr
    conf = result.stdout
    assert "server web:8000;" in conf
    assert "alias /srv/media/;" in conf
    assert "alias /srv/static/;" in conf
    # Django's X-Accel-Redirect prefix is the internal location of this configuration.
    prefix = web["MEDIA_ACCEL_REDIRECT_PREFIX"]
    assert f"location ^~ {prefix} {{\n            internal;" in conf


def test_the_image_build_collects_static_files_with_only_the_variables_it_gives(tmp_path):
    """The Dockerfile runs collectstatic with the production settings and throwaway values
    of what they require: a newly required variable must be given there too."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    run = re.search(r"^RUN ((?:.*\\\n)*.*manage\.py collectstatic.*)$", dockerfile, re.MULTILINE)
    line = re.sub(r'\$\(python -c "[^"]*"\)', "x" * 64, run.group(1).replace("\\\n", " "))
    words = shlex.split(line)
    given = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    command = [word for word in words if not re.match(r"^[A-Z_]+=", word)]
    assert command == ["python", "manage.py", "collectstatic", "--noinput"]
    assert "DJANGO_SETTINGS_MODULE=centenaire.settings.production" in dockerfile  # its ENV
    unset = ("DJANGO_", "SITE_", "DATABASE_", "AWS_", "REDIS_", "PYTEST_")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(unset)},
        "DJANGO_SETTINGS_MODULE": "centenaire.settings.production",
        "STATIC_ROOT": str(tmp_path / "static"),  # --dry-run writes nothing there anyway
        **given,
    }

    result = subprocess.run(
        [sys.executable, *command[1:], "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert "static files copied" in result.stdout


def test_the_nginx_image_carries_each_error_page_where_render_py_looks_for_it():
    dockerfile = (ROOT / "deploy/nginx/Dockerfile").read_text()
    conf = (ROOT / "deploy/nginx/centenaire.conf").read_text()
    pages = re.findall(r"^\s*error_page \d+ /_errors/(\S+);", conf, re.MULTILINE)

    # render.py's default is the errors/ folder beside it: beside it in the image too.
    assert "COPY centenaire.conf render.py /etc/centenaire/" in dockerfile
    assert "COPY errors/ /etc/centenaire/errors/" in dockerfile
    assert sorted(pages) == ["413.html", "429.html", "502.html", "504.html"]
    for page in pages:
        assert '<html lang="fr">' in (ROOT / "deploy/nginx/errors" / page).read_text()


def test_production_settings_pass_the_deploy_check_with_the_compose_environment(compose):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))},
        **environment_of(compose, "web"),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_with_media_in_a_bucket_nginx_sends_media_requests_to_django(tmp_path):
    from tests.deploy.stack import nginx_binary

    for folder in ("media", "static", "state"):
        (tmp_path / folder).mkdir()
    conf = tmp_path / "nginx.conf"
    env = {**os.environ, "AWS_STORAGE_BUCKET_NAME": "centenaire-media"}
    subprocess.run(
        [
            sys.executable,
            "deploy/nginx/render.py",
            "--port=127.0.0.1:8099",
            "--upstream=127.0.0.1:8098",
            f"--media-root={tmp_path / 'media'}",
            f"--static-root={tmp_path / 'static'}",
            f"--state-dir={tmp_path / 'state'}",
            f"--output={conf}",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=30,
    )

    text = conf.read_text()
    public = text.split("        location /media/ {\n")[1].split("        }\n")[0]
    assert "proxy_pass http://centenaire_django;" in public
    assert "alias" not in public
    assert f"alias {tmp_path / 'media'}/;" in text  # X-Accel-Redirect's location is unchanged
    if nginx_binary():
        check = subprocess.run(
            [nginx_binary(), "-t", "-p", str(tmp_path / "state"), "-c", str(conf)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 0, check.stderr
