"""The situation report (``tabayyun.report``) called from the web app."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from tabayyun.knowledge import KnowledgeBase
from tabayyun.report.html import render_html
from tabayyun.report.markdown import render_markdown
from tabayyun.report.situation import build_situation
from tabayyun.settings import SETTINGS


def _kb(request: Request) -> Any:
    """The knowledge base, loaded once per app on first use (resolves actor names in reports)."""
    state = request.app.state
    if getattr(state, "kb", None) is None:
        state.kb = KnowledgeBase.load()
    return state.kb


def build(
    request: Request,
    *,
    place: str | None,
    actor: str | None,
    date_from: str | None,
    date_to: str | None,
) -> Any:
    """``build_situation`` over this thread's connection."""
    conn = request.app.state.store.connection()
    return build_situation(
        conn,
        place=place or None,
        date_from=date_from,
        date_to=date_to,
        actor=actor or None,
        kb=_kb(request) if actor else None,  # the knowledge base resolves actor names only
        limit=SETTINGS.web.report_lines,
    )


def html_fragment(report: Any) -> str:
    return render_html(report, standalone=False, link_base="")


def html_standalone(report: Any) -> str:
    return render_html(report, standalone=True)


def markdown(report: Any) -> str:
    return render_markdown(report)
