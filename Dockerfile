# Objection Helper: serves Telegram by long polling (or webhook when BOT_WEBHOOK_URL is set).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_DATABASE=/data/bot.sqlite3

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY locales ./locales
# Editable install: the package stays in /app next to its catalogs in /app/locales.
RUN pip install -e . \
    && pybabel compile --domain bot --directory locales --statistics \
    && useradd --system --uid 10001 --home-dir /app --no-create-home bot \
    && mkdir -p /data \
    && chown bot /data

USER 10001
VOLUME ["/data"]
EXPOSE 8443
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot", "run"]
