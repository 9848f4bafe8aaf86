"""Scorers for the public benchmarks in ../shared/eval; each module scores one task and returns its figures."""
