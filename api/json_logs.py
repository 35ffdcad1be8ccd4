"""Log lines as JSON objects (one per line) or plain text, for the API's workers and uvicorn alike.

Fields passed with `extra=` become keys of the line, so a request's line carries its request id, operation,
status and duration as fields a log pipeline can index. Values of tips never go into a log line: callers
log names, ids of requests and counts.
"""

from __future__ import annotations

import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

import orjson

from graph.settings import Settings

# Attributes every LogRecord has; anything else on a record came from `extra=` (but uvicorn's copy of its
# message with terminal colours, which a log pipeline does not want).
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        line.update((k, v) for k, v in vars(record).items() if k not in _RECORD_ATTRIBUTES)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def logging_config(settings: Settings) -> dict[str, Any]:
    """A dictConfig for the whole process: tipgraph's loggers and uvicorn's, one format, on stderr. The
    access log is off: tipgraph's own request line (api/request_observer.py) says more."""
    formatter = (
        {"()": JsonFormatter}
        if settings.log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"tipgraph": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "tipgraph",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": settings.log_level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            # The driver's own chatter (routing tables, connection pools) only when something is wrong.
            "neo4j": {"handlers": [], "propagate": True, "level": "WARNING"},
        },
    }


def configure_logging(settings: Settings) -> None:
    logging.config.dictConfig(logging_config(settings))
