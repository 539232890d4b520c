"""WGS84 <-> GCJ-02, the obfuscated datum of Chinese web basemaps (Gaode/AMap, Tencent).

GCJ-02 ("火星坐标系") is what domestic online maps must be drawn in: a smooth, nonlinear shift
of WGS84 by tens to hundreds of metres. Our geometry is stored in WGS84 (≈ CGCS2000) and stays
there: convert to GCJ-02 only when drawing on a GCJ-02 basemap, at render time, and never store
the result (see ``docs/architecture.md``). Tianditu (CGCS2000) and OpenStreetMap (WGS84) need
no shift.

The forward transformation is the public algorithm: on the Krasovsky 1940 ellipsoid, two
polynomial-plus-sine offset functions of ``(lon − 105°, lat − 35°)`` (metres-like units) are
turned into degrees with the local meridian and prime-vertical radii. Points outside a rough
box around China are returned unchanged, as the published algorithm does. The inverse has no
closed form: :func:`gcj02_to_wgs84` solves ``wgs84_to_gcj02(w) = g`` by fixed-point iteration,
which converges to far below a millimetre in a few steps because the offset varies slowly.

Every function takes floats or NumPy arrays (element-wise, same shape out).
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "CHINA_BOX",
    "gcj02_to_wgs84",
    "in_china_box",
    "transform_coordinates",
    "wgs84_to_gcj02",
]

#: Krasovsky 1940 ellipsoid, the one the algorithm is defined on: semi-major axis (m) and
#: first eccentricity squared.
_A = 6378245.0
_EE = 0.00669342162296594323

#: The rough rectangle (min_lon, min_lat, max_lon, max_lat) inside which the shift applies.
CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)

_INVERSE_TOLERANCE_DEG = 1e-10
_INVERSE_MAX_ITERATIONS = 30

FloatOrArray = float | NDArray[np.float64]


def in_china_box(lon: ArrayLike, lat: ArrayLike) -> Any:
    """Tell whether points lie in :data:`CHINA_BOX` (where GCJ-02 differs from WGS84).

    Parameters
    ----------
    lon, lat : float or array_like
        Longitude and latitude in degrees.

    Returns
    -------
    bool or numpy.ndarray of bool
    """
    min_lon, min_lat, max_lon, max_lat = CHINA_BOX
    lon_a, lat_a = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    inside = (lon_a >= min_lon) & (lon_a <= max_lon) & (lat_a >= min_lat) & (lat_a <= max_lat)
    return bool(inside) if inside.ndim == 0 else inside


def _offset_lat(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """Northward offset function of the algorithm; ``x = lon − 105``, ``y = lat − 35``."""
    pi = np.pi
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    value += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    value += (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    value += (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    return value


def _offset_lon(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """Eastward offset function of the algorithm; ``x = lon − 105``, ``y = lat − 35``."""
    pi = np.pi
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    value += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    value += (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    value += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    return value


def _shift(
    lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """GCJ-02 minus WGS84, in degrees, at WGS84 points (zero outside :data:`CHINA_BOX`)."""
    x, y = lon - 105.0, lat - 35.0
    d_lat = _offset_lat(x, y)
    d_lon = _offset_lon(x, y)
    rad_lat = np.radians(lat)
    w = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_w = np.sqrt(w)
    # Offsets are in metre-like units: divide by the meridian radius of curvature
    # a(1−e²)/W³ (north) and by the parallel radius a·cos(φ)/W (east), in degrees.
    d_lat = d_lat * 180.0 / ((_A * (1.0 - _EE)) / (w * sqrt_w) * np.pi)
    d_lon = d_lon * 180.0 / (_A / sqrt_w * np.cos(rad_lat) * np.pi)
    inside = in_china_box(lon, lat)
    return np.where(inside, d_lon, 0.0), np.where(inside, d_lat, 0.0)


def _as_result(lon: NDArray[np.float64], lat: NDArray[np.float64], scalar: bool) -> Any:
    if scalar:
        return float(lon), float(lat)
    return lon, lat


@overload
def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]: ...
@overload
def wgs84_to_gcj02(
    lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]: ...


def wgs84_to_gcj02(lon: Any, lat: Any) -> Any:
    """Shift WGS84 (≈ CGCS2000) longitude/latitude to GCJ-02.

    Parameters
    ----------
    lon, lat : float or array_like
        WGS84 longitude and latitude in degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in GCJ-02: floats for float input, arrays for array input. Points
        outside :data:`CHINA_BOX` come back unchanged.

    Examples
    --------
    >>> lon, lat = wgs84_to_gcj02(116.404, 39.915)
    >>> round(lon, 9), round(lat, 9)
    (116.410244499, 39.916404282)
    >>> wgs84_to_gcj02(2.35, 48.85)  # Paris: outside China, unchanged
    (2.35, 48.85)
    """
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    lon_a, lat_a = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    d_lon, d_lat = _shift(lon_a, lat_a)
    return _as_result(lon_a + d_lon, lat_a + d_lat, scalar)


@overload
def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]: ...
@overload
def gcj02_to_wgs84(
    lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]: ...


def gcj02_to_wgs84(lon: Any, lat: Any) -> Any:
    """Invert :func:`wgs84_to_gcj02` by fixed-point iteration.

    Starting from the GCJ-02 point itself, each step corrects the estimate by the residual
    ``wgs84_to_gcj02(estimate) − target``; the shift changes by well under 1e-4 of its size per
    degree, so a few steps reach the tolerance (1e-10°, about 0.01 mm).

    Parameters
    ----------
    lon, lat : float or array_like
        GCJ-02 longitude and latitude in degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in WGS84: floats for float input, arrays for array input. A round trip
        WGS84 → GCJ-02 → WGS84 agrees to better than 1e-9°.
    """
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    target_lon, target_lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    est_lon, est_lat = target_lon.copy(), target_lat.copy()
    for _ in range(_INVERSE_MAX_ITERATIONS):
        d_lon, d_lat = _shift(est_lon, est_lat)
        err_lon = est_lon + d_lon - target_lon
        err_lat = est_lat + d_lat - target_lat
        est_lon = est_lon - err_lon
        est_lat = est_lat - err_lat
        if max(float(np.max(np.abs(err_lon))), float(np.max(np.abs(err_lat)))) < (
            _INVERSE_TOLERANCE_DEG
        ):
            break
    return _as_result(est_lon, est_lat, scalar)


def transform_coordinates(
    coords: Any, func: Any = wgs84_to_gcj02, decimals: int | None = None
) -> Any:
    """Apply a point transformation to the nested coordinate arrays of a GeoJSON geometry.

    Parameters
    ----------
    coords : list
        GeoJSON ``coordinates``: a position ``[lon, lat]`` or nested lists of positions.
    func : callable, default :func:`wgs84_to_gcj02`
        ``func(lon_array, lat_array) -> (lon_array, lat_array)``.
    decimals : int, optional
        Round the results to this many decimals.

    Returns
    -------
    list
        The same nesting with transformed positions (extra ordinates such as Z are dropped).
    """
    flat: list[tuple[float, float]] = []

    def collect(node: Any) -> None:
        if node and isinstance(node[0], (int, float)):
            flat.append((float(node[0]), float(node[1])))
        else:
            for child in node:
                collect(child)

    collect(coords)
    if not flat:
        return coords
    array = np.asarray(flat, dtype=float)
    new_lon, new_lat = func(array[:, 0], array[:, 1])
    if decimals is not None:
        new_lon, new_lat = np.round(new_lon, decimals), np.round(new_lat, decimals)
    out = iter(zip(new_lon.tolist(), new_lat.tolist(), strict=True))

    def rebuild(node: Any) -> Any:
        if node and isinstance(node[0], (int, float)):
            lon_value, lat_value = next(out)
            return [lon_value, lat_value]
        return [rebuild(child) for child in node]

    return rebuild(coords)
