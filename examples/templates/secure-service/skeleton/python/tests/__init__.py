"""Tests of the service (python3 -m unittest discover -s tests -t .)."""
