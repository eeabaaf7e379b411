# CareerCenter: the web app and the worker run from this one image.
#   docker build -t careercenter .
#   docker run --env-file .env careercenter                      (web, on port 8000)
#   docker run --env-file .env careercenter flask worker          (the worker)
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CAREERCENTER_ENV=production \
    FLASK_APP=careercenter \
    INSTANCE_PATH=/var/lib/careercenter
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir "$(ls /wheels/careercenter-*.whl)[postgres,server,redis,sentry]" \
    && rm -rf /wheels \
    && useradd --system --home-dir /var/lib/careercenter --create-home careercenter
USER careercenter
WORKDIR /var/lib/careercenter
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "--config", "python:careercenter.gunicorn_conf", "careercenter.wsgi:app"]
