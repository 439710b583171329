"""Adapters: real exports mapped onto the raw contract (README, "Raw contract"), one module per export.

generators/ writes synthetic exports with a truth.json of what they plant; an adapter reads a file someone
else wrote and writes the same raw files from it, inventing nothing: a column the export lacks is left
empty, and the export's quirks are passed on as they are, for the warehouse's checks to quarantine.
"""
