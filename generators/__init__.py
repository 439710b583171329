"""Synthetic raw exports for the healthcare operations warehouse; run with `python -m generators`."""
