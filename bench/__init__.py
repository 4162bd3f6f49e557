"""Load scripts, run by hand (see bench/load.py)."""
