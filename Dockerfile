# Reference image for Chatlake: see docs/deployment.md ("Container image") for how to run it.
# Build: docker build -t chatlake .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# An unprivileged user owns the data directory and runs the server.
RUN useradd --system --create-home --uid 10001 --user-group chatlake \
    && mkdir /data \
    && chown chatlake:chatlake /data

WORKDIR /src
# What `pip install .` needs to build the package (templates, static files and migrations are package data).
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . \
    && rm -rf /src

WORKDIR /data
ENV CHATLAKE_DATA_DIR=/data \
    PORT=3000
VOLUME ["/data"]
USER chatlake
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '3000'), timeout=3)"

# Migrates on start and, on an empty installation, prints the first administrator's sign-in.
# A fleet runs `chatlake migrate` once and then `chatlake serve --workers N --no-worker --no-migrate`.
CMD ["chatlake", "serve", "--host", "0.0.0.0"]
