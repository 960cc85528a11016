"""gunicorn settings for `make bench`: none beyond the command line (2 sync workers). Given
with --config so that ./gunicorn.conf.py (access log, max_requests) is not read."""
