"""Statistical coherence of a built index: correlations, Cronbach's alpha, PCA, weights' importance.

An index is coherent when the indicators of a group point the same way (positive correlations, a
high alpha, one dominant principal component) and when each child's influence on its parent is
close to the share its weight promises. These checks are the JRC audit's second step.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, Part 1 section 1.4, Part 2
sections 4.1 (principal components) and 4.3 (Cronbach's alpha); Paruolo P., Saisana M., Saltelli A.
(2013), Ratings and rankings: voodoo or science?, *JRSS A* 176(3), 609–634 (importance versus
nominal weights); COINr's ``get_corr``, ``get_cronbach`` and ``get_PCA``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stocktake.composite.build import BuildResult
from stocktake.composite.hierarchy import Hierarchy
from stocktake.composite.weights import shares


def _corr_matrix(table: pd.DataFrame, method: str) -> pd.DataFrame:
    """Pairwise-complete correlations; a column without spread correlates as missing."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return table.astype(float).corr(method=method)  # type: ignore[arg-type]


def _relation(tree: Hierarchy, a: str, b: str) -> str:
    if tree.parent.get(a) == b or tree.parent.get(b) == a:
        return "parent"
    if b in tree.ancestors(a) or a in tree.ancestors(b):
        return "ancestor"
    if tree.level[a] == tree.level[b] and tree.parent.get(a) == tree.parent.get(b):
        return "sibling"
    return "other"


@dataclass(frozen=True)
class Correlations:
    """Correlations between every pair of indicators and aggregates, with their levels and how
    they are related (``sibling``: same parent; ``parent``; ``ancestor``; ``other``)."""

    table: pd.DataFrame
    matrix: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def within_level(self, level: int) -> pd.DataFrame:
        t = self.table
        return t[(t["level_a"] == level) & (t["level_b"] == level)]

    def across_levels(self, level_a: int, level_b: int) -> pd.DataFrame:
        t = self.table
        return t[(t["level_a"] == level_a) & (t["level_b"] == level_b)]


def correlations(result: BuildResult, method: str = "pearson") -> Correlations:
    """Correlate the aggregated table's columns (normalised indicators and aggregates) pairwise,
    over the units both columns have (``pearson``, ``spearman`` or ``kendall``)."""
    tree = result.data.hierarchy
    codes = [c for c in tree.codes if c in result.aggregated.columns]
    matrix = _corr_matrix(result.aggregated[codes], method)
    present = result.aggregated[codes].notna().to_numpy(dtype=int)
    counts = present.T @ present
    r = matrix.to_numpy(dtype=float)
    rows = []
    for i, a in enumerate(codes):
        for j in range(i + 1, len(codes)):
            b = codes[j]
            first, second = (a, b) if tree.level[a] <= tree.level[b] else (b, a)
            rows.append(
                {
                    "code_a": first,
                    "level_a": tree.level[first],
                    "code_b": second,
                    "level_b": tree.level[second],
                    "relation": _relation(tree, first, second),
                    "r": float(r[i, j]),
                    "n": int(counts[i, j]),
                }
            )
    return Correlations(pd.DataFrame(rows), matrix)


def cronbach_alpha(x: np.ndarray) -> float:
    """Cronbach's alpha ``k² · mean off-diagonal covariance / sum of all covariances`` from
    pairwise-complete sample covariances (columns = items); NaN with fewer than two items."""
    k = x.shape[1]
    if k < 2:
        return float("nan")
    cov = pd.DataFrame(x).cov().to_numpy()
    total = np.nansum(cov)
    off_diagonal = (total - np.nansum(np.diag(cov))) / (k * (k - 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(k**2 * off_diagonal / total)


@dataclass(frozen=True)
class PrincipalComponents:
    """Per group: each component's eigenvalue and explained share, and the first component's
    loadings on the group's children."""

    components: pd.DataFrame
    loadings: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.components


def pca(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """PCA of standardised columns over complete rows (R's ``prcomp(scale = TRUE)``).

    Returns the eigenvalues (descending), the eigenvectors as columns, signed so that the first
    has a non-negative sum, and the number of rows used.
    """
    complete = x[~np.isnan(x).any(axis=1)]
    n, k = complete.shape
    if n < 2 or k < 1:
        return np.full(k, np.nan), np.full((k, k), np.nan), n
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.atleast_2d(np.corrcoef(complete, rowvar=False))
    if np.isnan(corr).any():
        return np.full(k, np.nan), np.full((k, k), np.nan), n
    values, vectors = np.linalg.eigh(corr)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    if vectors[:, 0].sum() < 0:
        vectors[:, 0] = -vectors[:, 0]
    return values, vectors, n


def _groups(result: BuildResult) -> list[tuple[str, list[str]]]:
    tree = result.data.hierarchy
    return [(a, list(tree.children(a))) for a in tree.aggregates]


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha of each aggregate's children."""

    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.table


def group_reliability(result: BuildResult) -> Reliability:
    """Cronbach's alpha of each aggregate's children (from the aggregated table)."""
    rows = []
    for code, children in _groups(result):
        x = result.aggregated[children].to_numpy(dtype=float)
        rows.append({"iCode": code, "children": len(children), "alpha": cronbach_alpha(x)})
    table = pd.DataFrame(rows, columns=["iCode", "children", "alpha"]).set_index("iCode")
    return Reliability(table)


def group_pca(result: BuildResult) -> PrincipalComponents:
    """PCA of each aggregate's children, over the units with all children present."""
    comp_rows, load_rows = [], []
    for code, children in _groups(result):
        x = result.aggregated[children].to_numpy(dtype=float)
        values, vectors, n = pca(x)
        total = values.sum()
        cumulative = 0.0
        for i, value in enumerate(values):
            cumulative += value / total
            comp_rows.append(
                {
                    "iCode": code,
                    "component": i + 1,
                    "eigenvalue": value,
                    "explained": value / total,
                    "cumulative": cumulative,
                    "units": n,
                }
            )
        for child, loading in zip(children, vectors[:, 0], strict=True):
            load_rows.append({"iCode": code, "child": child, "loading": loading})
    return PrincipalComponents(pd.DataFrame(comp_rows), pd.DataFrame(load_rows))


@dataclass(frozen=True)
class Importance:
    """Per node: nominal share, effective weight, correlation with its parent, importance."""

    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.table


def weight_importance(result: BuildResult) -> Importance:
    """Nominal share and effective weight of each node next to its importance: the squared
    correlation with its parent, as a share of its siblings' (Paruolo et al. 2013's first-order
    measure under a linear approximation)."""
    tree = result.data.hierarchy
    used = result.weights.used()
    share = shares(tree, used)
    effective = {str(k): float(v) for k, v in result.weights.table["effective"].items()}
    rows = []
    for parent, children in _groups(result):
        matrix = _corr_matrix(result.aggregated[[*children, parent]], "pearson")
        r = matrix.loc[children, parent].to_numpy(dtype=float)
        r2 = r**2
        with np.errstate(invalid="ignore", divide="ignore"):
            importance = r2 / np.nansum(r2)
        for child, rc, imp in zip(children, r, importance, strict=True):
            rows.append(
                {
                    "iCode": child,
                    "Parent": parent,
                    "share": share[child],
                    "effective": effective[child],
                    "r_with_parent": rc,
                    "importance": imp,
                }
            )
    return Importance(pd.DataFrame(rows).set_index("iCode"))
