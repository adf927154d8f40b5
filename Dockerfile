# Bodø bolig: one image for web (gunicorn), worker and beat (Celery).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango (and HarfBuzz subsetting for font embedding); the
# fonts are the same free ones CI renders the PDFs with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 --shell /usr/sbin/nologin app
WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY --chown=app:app . .
# media/ is a volume (uploads, generated PDFs); staticfiles/ is filled by
# collectstatic when the web container starts; var/ holds beat's schedule.
RUN mkdir -p media staticfiles var && chown app:app media staticfiles var

USER app
EXPOSE 8000
CMD ["gunicorn", "bodobolig.wsgi", "--bind", "0.0.0.0:8000"]
