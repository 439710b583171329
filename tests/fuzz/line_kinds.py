"""Corruptions of a line's structure and encoding: quotes left open, line breaks inside quotes, truncation,
the wrong delimiter or number of fields, bytes that are not UTF-8. Each new line is one bad record.
"""

from __future__ import annotations

from edits import CAPTURE, Edit, HostileLine, Insert, quarantined
from hostile_rows import (
    Draw,
    capture_text,
    clean_envelope,
    clean_row,
    csv_line,
    fields_of,
    json_line,
    one_line,
    quote_free_column,
    row_line,
)
from hostile_values import INVALID_UTF8


def unclosed_quote_line(raw_source: str, draw: Draw) -> HostileLine:
    if raw_source == CAPTURE:
        text, _ = capture_text(draw)
        inside_a_string = text.index('"event_type": "') + len('"event_type": "') + 2
        return quarantined(text[:inside_a_string], "invalid_json")
    row = clean_row(raw_source, draw)
    fields = fields_of(row)
    column = draw.rng.randrange(len(fields))
    # one opening quote and no closing one: the line holds an odd number of quotes, so no field can close it
    fields[column] = '"' + list(row.values())[column].replace('"', '""')
    return row_line(raw_source, ",".join(fields), row, "malformed_line")


def unclosed_quote_mid_file(raw_source: str, draw: Draw) -> list[Edit]:
    return one_line(raw_source, unclosed_quote_line(raw_source, draw))


def unclosed_quote_at_end_of_file(raw_source: str, draw: Draw) -> list[Edit]:
    return one_line(raw_source, unclosed_quote_line(raw_source, draw), at_end=True, no_final_newline=True)


def line_break_inside_quotes(raw_source: str, draw: Draw) -> list[Edit]:
    """A quoted field holding a line feed: quotes never join lines, so both halves are bad records."""
    if raw_source == CAPTURE:
        text, _ = capture_text(draw, lambda envelope: envelope["body"].update(service_line="emer<LF>gency"))
        first, second = text.split("<LF>")
        return [Insert(CAPTURE, (quarantined(first, "invalid_json"), quarantined(second, "invalid_json")))]
    row = clean_row(raw_source, draw)
    fields = fields_of(row)
    column = draw.rng.randrange(len(fields))
    fields[column] = '"' + (list(row.values())[column] + "\nsecond line").replace('"', '""') + '"'
    first, second = ",".join(fields).split("\n")
    return [Insert(raw_source, (row_line(raw_source, first, row, "malformed_line"),
                                row_line(raw_source, second, row, "malformed_line")))]


def truncated_line(raw_source: str, draw: Draw) -> list[Edit]:
    if raw_source == CAPTURE:
        text, _ = capture_text(draw)
        return one_line(CAPTURE, quarantined(text[:draw.rng.randint(1, len(text) - 1)], "invalid_json"))
    row = clean_row(raw_source, draw)
    fields = fields_of(row)
    last_separator = len(",".join(fields[:-1]))
    # cut at or before the last separating comma: at most n-1 fields are left, or a quote is left open
    text = ",".join(fields)[:draw.rng.randint(1, last_separator)]
    return one_line(raw_source, row_line(raw_source, text, row, "malformed_line"))


def wrong_delimiter(raw_source: str, draw: Draw) -> list[Edit]:
    delimiter = draw.rng.choice([";", "\t", "|"])
    if raw_source == CAPTURE:  # a CSV export dropped into the capture folder
        _, envelope = capture_text(draw)
        text = delimiter.join("" if value is None else str(value) for value in envelope["body"].values())
        return one_line(CAPTURE, quarantined(text, "invalid_json"))
    row = clean_row(raw_source, draw)
    return one_line(raw_source, row_line(raw_source, delimiter.join(fields_of(row)), row, "malformed_line"))


def extra_column(raw_source: str, draw: Draw) -> list[Edit]:
    row = clean_row(raw_source, draw)
    fields = fields_of(row)
    fields.insert(draw.rng.randint(0, len(fields)), draw.rng.choice(["extra", "", '"quoted, extra"', "42"]))
    return one_line(raw_source, row_line(raw_source, ",".join(fields), row, "malformed_line"))


def missing_column(raw_source: str, draw: Draw) -> list[Edit]:
    row = clean_row(raw_source, draw)
    fields = fields_of(row)
    del fields[draw.rng.randrange(len(fields))]
    return one_line(raw_source, row_line(raw_source, ",".join(fields), row, "malformed_line"))


def stray_quote(raw_source: str, draw: Draw) -> list[Edit]:
    """A quote inside an unquoted field, or text after a closing quote."""
    row = clean_row(raw_source, draw)
    fields = fields_of(row)
    column = quote_free_column(row, draw.rng)
    value = list(row.values())[column]
    split = draw.rng.randint(0, len(value))
    fields[column] = draw.rng.choice([value[:split] + '"' + value[split:], f'"{value}"x', f'"{value}" '])
    return one_line(raw_source, row_line(raw_source, ",".join(fields), row, "malformed_line"))


def lone_carriage_return(raw_source: str, draw: Draw) -> list[Edit]:
    """Two records separated by a bare CR (old Mac line ending): one physical line, so one bad record."""
    if raw_source == CAPTURE:
        first, _ = capture_text(draw)
        second, _ = capture_text(draw)
        return one_line(CAPTURE, quarantined(first + "\r" + second, "invalid_json"))
    first, second = clean_row(raw_source, draw), clean_row(raw_source, draw)
    return one_line(raw_source, row_line(raw_source, csv_line(first) + "\r" + csv_line(second), first,
                                         "malformed_line"))


def repeated_header(raw_source: str, draw: Draw) -> list[Edit]:
    """Two exports concatenated: the header again, mid-file. Its typed columns ('csat') do not parse."""
    return one_line(raw_source, quarantined(",".join(draw.facts.headers[raw_source]), "unparseable_value"))


def all_fields_empty(raw_source: str, draw: Draw) -> list[Edit]:
    if raw_source == CAPTURE:
        text = draw.rng.choice(['{}', '{"body": {}}', '{"sequence_number": 5, "enqueued_at": "2026-10-20T10:00:00"}'])
        return one_line(CAPTURE, quarantined(text, "missing_required"))
    return one_line(raw_source, quarantined("," * (len(draw.facts.headers[raw_source]) - 1), "missing_required"))


def invalid_utf8(raw_source: str, draw: Draw) -> list[Edit]:
    bad = draw.rng.choice(INVALID_UTF8)
    if raw_source == CAPTURE:
        text = json_line(clean_envelope(draw)).encode()
        inside = text.index(b'"event_id": "') + len(b'"event_id": "')
        return one_line(CAPTURE, quarantined(text[:inside] + bad + text[inside:], "invalid_encoding"))
    row = clean_row(raw_source, draw)
    fields = [field.encode() for field in fields_of(row)]
    column = quote_free_column(row, draw.rng)
    fields[column] = fields[column][:1] + bad + fields[column][1:]
    return one_line(raw_source, row_line(raw_source, b",".join(fields), row, "invalid_encoding"))


def latin1_export(raw_source: str, draw: Draw) -> list[Edit]:
    """A row written by a Windows-1252 export: accented letters as single bytes."""
    accented = "José Müller-Ñúñez"
    if raw_source == CAPTURE:
        text, _ = capture_text(draw, lambda envelope: envelope["body"].update(service_line=accented))
        return one_line(CAPTURE, quarantined(text.encode("cp1252"), "invalid_encoding"))
    row = clean_row(raw_source, draw)
    column = list(row)[quote_free_column(row, draw.rng)]
    row[column] = accented
    return one_line(raw_source, row_line(raw_source, csv_line(row).encode("cp1252"), row, "invalid_encoding"))
