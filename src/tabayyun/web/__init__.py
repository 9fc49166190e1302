"""`tabayyun serve`: a local, offline evidence browser over a corpus store.

``create_app(db_path)`` builds the FastAPI application; ``run(db_path, host=..., port=...)``
serves it with uvicorn. Imported lazily so the rest of tabayyun does not need FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tabayyun.web.app import create_app
    from tabayyun.web.server import run

__all__ = ["create_app", "run"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from tabayyun.web.app import create_app

        return create_app
    if name == "run":
        from tabayyun.web.server import run

        return run
    raise AttributeError(name)
