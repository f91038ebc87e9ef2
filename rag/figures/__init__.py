"""Figures computed in code: reported, market (prices), ratios, verdicts."""
