"""Load benchmark of visningsbot against the Bolt tutorial baseline (see bench/README.md)."""
