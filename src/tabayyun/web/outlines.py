"""Country outlines from the Natural Earth TopoJSON file of npm's ``world-atlas`` package.

TopoJSON stores shared borders once as *arcs*; a quantized file stores each arc as integer
deltas from the previous point, to be summed and then scaled by ``transform`` (scale and
translate). A polygon ring lists arc indexes; a negative index ``~i`` means arc ``i`` reversed.
Consecutive arcs share their joining point, which is dropped from all but the first.
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["OutlinesMissing", "decode_topology", "load_outlines", "outlines_path"]

Ring = list[tuple[float, float]]


class OutlinesMissing(FileNotFoundError):
    pass


def outlines_path() -> Path:
    """``TABAYYUN_OUTLINES``, else where ``make install`` puts world-atlas in the environment."""
    override = os.environ.get("TABAYYUN_OUTLINES")
    if override:
        return Path(override)
    return (
        Path(sys.prefix)
        / "share"
        / "tabayyun"
        / "node_modules"
        / "world-atlas"
        / "countries-110m.json"
    )


def _decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        points: Ring = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for n, index in enumerate(indexes):
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if n == 0 else points[1:])
    return ring


def decode_topology(
    topology: dict[str, Any], object_name: str = "countries"
) -> list[dict[str, Any]]:
    """Each geometry of ``object_name`` as {"id", "name", "polygons": [[ring, ...], ...]}, rings
    of (longitude, latitude) pairs."""
    arcs = _decode_arcs(topology)
    features = []
    for geometry in topology["objects"][object_name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        features.append(
            {
                "id": geometry.get("id"),
                "name": (geometry.get("properties") or {}).get("name"),
                "polygons": [[_ring(ring, arcs) for ring in polygon] for polygon in polygons],
            }
        )
    return features


@lru_cache(maxsize=2)
def _load(path: str, mtime: float) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        topology = json.load(handle)
    return {
        "type": "outlines",
        "source": "Natural Earth (public domain) via world-atlas",
        "countries": decode_topology(topology),
    }


def load_outlines() -> dict[str, Any]:
    """The decoded outlines (cached per file). Raises OutlinesMissing."""
    path = outlines_path()
    if not path.is_file():
        raise OutlinesMissing(
            f"country outlines not found at {path} (run `make install`, or set TABAYYUN_OUTLINES to "
            "world-atlas's countries-110m.json)"
        )
    return _load(str(path), path.stat().st_mtime)
