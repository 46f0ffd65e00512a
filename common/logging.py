import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """django.request logs a refused request (403, 404 from an exception) with the
    exception's traceback at WARNING: noise for what is a normal answer to a client. Keep the
    one line, drop the traceback; server errors (5xx) keep theirs."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
