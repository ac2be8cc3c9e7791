FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production

WORKDIR /app
RUN useradd --create-home --uid 10001 portal
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY --chown=portal:portal . .

# collectstatic needs importable settings, not real secrets: these build-time values are discarded.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build WAGTAILADMIN_BASE_URL=https://build.invalid \
    DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --no-input

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--config", "gunicorn.conf.py"]
