# Read by gunicorn from the directory it starts in. The access log (when one is asked for) leaves survey tokens out.
logger_class = "config.gunicorn_logging.RedactingLogger"
# The site's own line per request (operations.request_log) is the access log; should someone still pass
# `--access-logfile`, gunicorn's lines say no more: method, path without query string, status, size, duration (ms)
# and the request id the site sent back (checked by operations.logs.safe_request_id; the incoming header is not).
# Never the client's address (h), user (u), user agent (a), Referer (f), query string (q) or request line (r).
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms %({x-request-id}o)s"
