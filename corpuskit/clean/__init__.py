"""Cleaners: line rules, page-shape heuristics, header extraction."""
