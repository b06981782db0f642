# Read by gunicorn from the directory it starts in. The access log (when one is asked for) leaves survey tokens out.
logger_class = "config.gunicorn_logging.RedactingLogger"
