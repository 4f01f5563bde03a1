# Eldercare Assistant: one app replica. The index is built once (see compose.yaml) into a shared volume.
# torch must be the CPU build: point PIP_EXTRA_INDEX_URL at your CPU wheel index when building, e.g.
#   docker build --build-arg PIP_EXTRA_INDEX_URL=... -t eldercare .
FROM python:3.11-slim
ARG PIP_EXTRA_INDEX_URL=""
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    ELDERCARE_INDEX_DIR=/data/index ELDERCARE_DATA_DIR=/data/var ELDERCARE_DOCUMENTS_DIR=/app/kb/documents
WORKDIR /app
COPY pyproject.toml README.md ./
COPY assistant ./assistant
COPY kb/documents ./kb/documents
COPY web ./web
COPY eval ./eval
RUN pip install ${PIP_EXTRA_INDEX_URL:+--extra-index-url "$PIP_EXTRA_INDEX_URL"} ".[redis]"
RUN useradd --create-home eldercare && mkdir -p /data && chown eldercare /data
USER eldercare
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"
CMD ["eldercare", "serve", "--host", "0.0.0.0", "--port", "8000"]
