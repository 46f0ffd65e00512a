FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --no-cache-dir . && useradd --create-home --uid 1000 app
COPY . .
# collectstatic needs some key; the real one comes from the environment at run time.
RUN SECRET_KEY=build-only CARD_ENCRYPTION_KEYS=build-only python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R app:app /app \
    && mkdir -p /srv/media && chown app:app /srv/media  # the media volume starts owned by app
USER app

EXPOSE 8000
# HTTP; docker-compose.yml runs uvicorn (config.asgi) beside it for the chat's websockets.
# --timeout: a sync worker is killed after that long on one request, and the order CSV
# export of a 1M-order shop streams for about two minutes.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "300"]
