# Build stage: compile wheels with the headers Pillow and psycopg may need.
FROM python:3.13-slim-bookworm AS builder
RUN apt-get update --yes --quiet \
 && apt-get install --yes --quiet --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/* \
 && python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt /requirements.txt
RUN pip install --no-cache-dir -r /requirements.txt

# Runtime stage: only the virtual environment and the code, run as a non-root user.
FROM python:3.13-slim-bookworm AS runtime
RUN apt-get update --yes --quiet \
 && apt-get install --yes --quiet --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 centenaire \
 && mkdir -p /srv/media /srv/static \
 && chown centenaire:centenaire /srv/media /srv/static
ENV PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=centenaire.settings.production \
    PORT=8000
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY --chown=centenaire:centenaire . .
USER centenaire
# collectstatic needs settings but neither the secret nor the public address: throwaway
# values for this step only (docker-compose.yml gives the real ones at run time).
RUN DJANGO_SECRET_KEY=collectstatic-only-$(python -c "import secrets; print(secrets.token_hex(32))") \
    SITE_BASE_URL=https://collectstatic.invalid \
    python manage.py collectstatic --noinput
# docker-compose.yml mounts its media and static volumes there (owned by this user).
EXPOSE 8000
# Release step, not at every start: `python manage.py migrate` then
# `python manage.py set_site_address` (points the Wagtail Site at SITE_BASE_URL).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "centenaire.wsgi:application"]
