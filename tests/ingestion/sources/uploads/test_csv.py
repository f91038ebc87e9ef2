"""CSV uploads: tables of fifty rows with the header repeated, formula cells defused, ragged
rows padded, latin-1 and UTF-16 decoded."""

from ingestion.sources.uploads import UploadLimits, parse_upload
from tests.ingestion.sources.uploads.corpus import BAD, CSV, LIMITS, all_text, good


def test_csv_formula_cells_are_prefixed_and_signed_numbers_kept():
    parsed = parse_upload((BAD / "csv_formulas.csv").read_bytes(), "x.csv", LIMITS)
    text = all_text(parsed)
    assert "| '=HYPERLINK(" in text
    assert "| '+cmd\\|' /C calc'!A0 |" in text
    assert "| '-2+3+cmd" in text and "| '@SUM(1+1)" in text and "| ' =1+1 |" in text
    assert "| -1.5 |" in text
    assert "| 2022-11-08 00:00:00-05:00 | 138.4573305983891 |" in text


def test_ragged_csv_rows_are_padded_to_the_widest_row():
    parsed = parse_upload((BAD / "csv_ragged.csv").read_bytes(), "x.csv", LIMITS)
    header = parsed.sections[0].text.splitlines()[0]
    assert header.endswith("| Stock Splits | column 9 | column 10 |")
    assert "| 2022-12-20 00:00:00-05:00 | 129.5627349310346 |" in all_text(parsed)


def test_latin1_and_utf16_csv_decode_to_the_real_text():
    latin1 = parse_upload((BAD / "csv_latin1.csv").read_bytes(), "x.csv", LIMITS)
    assert "Clothing retail chain Sepp+ñl+ñ 's sales increased by 8 %" in all_text(latin1)
    utf16 = parse_upload((BAD / "csv_utf16_bom.csv").read_bytes(), "x.csv", LIMITS)
    assert [s.title for s in utf16.sections] == ["Rows 1-50", "Rows 51-60"]
    assert "| 2022-11-08 00:00:00-05:00 | 138.4573305983891 |" in all_text(utf16)


def test_the_price_csv_becomes_tables_of_fifty_rows_with_the_header_repeated():
    parsed = parse_upload(good(CSV), CSV, LIMITS)
    header = "| Date | Open | High | Low | Close | Volume | Dividends | Stock Splits |"
    assert parsed.kind == "csv" and len(parsed.sections) == 16
    assert parsed.sections[0].title == "Rows 1-50" and parsed.sections[-1].title == "Rows 751-753"
    assert all(s.text.splitlines()[0] == header for s in parsed.sections)
    assert all(len(s.text.splitlines()) <= 52 for s in parsed.sections)
    assert "| 2025-11-07 00:00:00-05:00 |" in parsed.sections[-1].text


def test_the_csv_row_cap_truncates_with_a_note():
    parsed = parse_upload(good(CSV), CSV, UploadLimits(parse_timeout_s=60, csv_max_rows=100))
    assert [s.title for s in parsed.sections] == ["Rows 1-50", "Rows 51-100"]
    assert parsed.truncated and parsed.truncated_note == "truncated at row 100"
