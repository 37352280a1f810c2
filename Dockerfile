# The bot alone (no developer tools, test or lint tools): what compose.yaml runs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Every package at the locked version, checked against its hashes (see the README's
# Dependencies); then the bot itself, built without pulling in anything unlocked.
COPY requirements/main.txt requirements/main.txt
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/main.txt
COPY pyproject.toml README.md ./
COPY bot bot
COPY handlers handlers
RUN pip install --no-cache-dir --no-deps . \
    && useradd --system --uid 10001 --home-dir /app visningsbot

USER visningsbot
EXPOSE 3000
CMD ["visningsbot", "run"]
