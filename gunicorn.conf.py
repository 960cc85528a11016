"""Gunicorn settings; each can be overridden with the environment variable named beside it."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Two workers per core is the usual start for I/O-bound Django; the machine here has 2 cores.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# Threads let a worker wait on the database or a slow client without blocking the others.
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 1000
max_requests_jitter = 100
# Large uploads (photos, videos) come through a proxy that buffers them; 60 s is ample.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# The proxy in front sets X-Forwarded-*; trust it only when it is on the same host.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
