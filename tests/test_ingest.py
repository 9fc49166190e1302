from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tabayyun.ingest import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    IngestError,
    find_dateline,
    iter_documents,
)
from tabayyun.model import Document

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Strikes hit eastern Aleppo | Example News</title>
<meta property="og:title" content="Strikes hit eastern Aleppo">
<meta property="article:published_time" content="2016-12-14T08:00:00Z">
<link rel="canonical" href="https://news.example.org/aleppo-strikes">
<script>var tracking = "do not keep me";</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Strikes hit eastern Aleppo</h1>
<p>Air strikes hit eastern Aleppo on Tuesday, according to the Syrian Observatory
for Human Rights, which said at least twenty people were killed.</p>
<p>"We could not reach the wounded," a rescue worker told Reuters by telephone.</p>
<p>Russia's defence ministry denied that its aircraft had flown over the city.</p>
</article>
<footer>Copyright 2016 Example News</footer>
</body>
</html>
"""


def read_all(paths: list[Path] | list[str], **kwargs: object) -> list[Document | IngestError]:
    return list(iter_documents(paths, **kwargs))  # type: ignore[arg-type]


def only(items: list[Document | IngestError]) -> Document | IngestError:
    assert len(items) == 1, items
    return items[0]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


# -- public constants and the error record ----------------------------------------------


def test_constants() -> None:
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm", ".jsonl")


def test_ingest_error_prints_as_one_line() -> None:
    assert (
        str(IngestError("a/b.jsonl", "not valid JSON: x", line=3))
        == "a/b.jsonl:3: not valid JSON: x"
    )
    assert str(IngestError("a.txt", "empty file")) == "a.txt: empty file"


# -- plain text ------------------------------------------------------------------------


def test_txt_with_title_and_dateline(tmp_path: Path) -> None:
    text = "What is the reality in Aleppo?\n\n14 December, 2016\nBBC stated on 2/12/2016 that talks went on.\n"
    doc = only(read_all([write(tmp_path / "a.txt", text)]))
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.source_path == str(tmp_path / "a.txt")
    assert doc.title == "What is the reality in Aleppo?"
    assert doc.published == "2016-12-14"
    assert doc.published_source == "dateline"
    assert doc.language == "en"
    assert doc.warnings == []


def test_seed_document_reads_with_its_dateline(seed_text: str, shared_dir: Path) -> None:
    seed = sorted((shared_dir / "seeds").glob("*.txt"))[0]
    doc = only(read_all([seed]))
    assert isinstance(doc, Document)
    assert doc.text == seed_text.replace("\r\n", "\n")
    assert doc.published == "2016-12-14"
    assert doc.title is not None and "Aleppo" in doc.title


def test_crlf_is_normalised_and_nothing_else_changes(tmp_path: Path) -> None:
    raw = "Title\r\n\r\n  indented line\twith tab  \r\nold mac\rline\r\n"
    doc = only(read_all([write(tmp_path / "crlf.txt", raw)]))
    assert isinstance(doc, Document)
    assert doc.text == "Title\n\n  indented line\twith tab  \nold mac\nline\n"


def test_date_first_line_is_not_a_title(tmp_path: Path) -> None:
    doc = only(read_all([write(tmp_path / "d.txt", "14/12/2016\nThe army said ...\n")]))
    assert isinstance(doc, Document)
    assert doc.title is None
    assert doc.published == "2016-12-14"


def test_long_first_line_is_not_a_title(tmp_path: Path) -> None:
    doc = only(read_all([write(tmp_path / "long.txt", "word " * 60 + "\nmore\n")]))
    assert isinstance(doc, Document)
    assert doc.title is None


def test_markdown_title_is_first_level_one_heading(tmp_path: Path) -> None:
    md = "```\n# not a heading, code\n```\nIntro line\n\n# Siege of Aleppo #\n\n## Background\nText.\n"
    doc = only(read_all([write(tmp_path / "a.md", md)]))
    assert isinstance(doc, Document)
    assert doc.title == "Siege of Aleppo"
    assert doc.text == md


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    doc = only(read_all([write(tmp_path / "bom.txt", b"\xef\xbb\xbfHeadline\nBody text.\n")]))
    assert isinstance(doc, Document)
    assert doc.text == "Headline\nBody text.\n"
    assert doc.title == "Headline"
    assert doc.warnings == []


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    text = "حلب\r\nقصف على الأحياء الشرقية\r\n"
    doc = only(read_all([write(tmp_path / "u16.txt", text.encode("utf-16"))]))
    assert isinstance(doc, Document)
    assert doc.text == "حلب\nقصف على الأحياء الشرقية\n"
    assert doc.language == "ar"


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path) -> None:
    doc = only(read_all([write(tmp_path / "bad.txt", b"Aleppo \xff\xfe siege\n")]))
    assert isinstance(doc, Document)
    assert doc.text == "Aleppo \ufffd\ufffd siege\n"
    assert doc.warnings == ["invalid UTF-8 at byte 7; decoded with replacement characters"]


def test_empty_and_whitespace_files_are_errors(tmp_path: Path) -> None:
    items = read_all([write(tmp_path / "empty.txt", b""), write(tmp_path / "blank.md", " \n\t\n")])
    assert [str(i) for i in items] == [
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'blank.md'}: empty file",
    ]


def test_pdf_named_txt_is_binary(tmp_path: Path) -> None:
    err = only(
        read_all([write(tmp_path / "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")])
    )
    assert isinstance(err, IngestError)
    assert err.message == "binary file (PDF), not text"


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    err = only(read_all([write(tmp_path / "nul.txt", b"some text\x00\x00\x00 more")]))
    assert isinstance(err, IngestError)
    assert err.message == "binary file (contains NUL bytes), not text"


def test_control_characters_are_binary(tmp_path: Path) -> None:
    err = only(read_all([write(tmp_path / "ctl.md", bytes(range(1, 9)) * 50 + b"text")]))
    assert isinstance(err, IngestError)
    assert err.message.startswith("binary file (") and "control characters" in err.message


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing is written
    err = only(read_all([big]))
    assert isinstance(err, IngestError)
    assert err.message == (
        "file is 50.0 MB, larger than --max-size 20 MB; raise --max-size to analyze it"
    )


def test_max_bytes_option_lets_a_bigger_file_through(tmp_path: Path) -> None:
    path = write(tmp_path / "mid.txt", "Headline\n" + "x" * 2000)
    err = only(read_all([path], max_bytes=1024))
    assert isinstance(err, IngestError) and "larger than --max-size 1 KB" in err.message
    assert isinstance(only(read_all([path], max_bytes=4096)), Document)


def test_invalid_max_bytes_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="maximum size"):
        iter_documents(["x.txt"], max_bytes=0)


def test_permission_denied_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path / "locked.txt", "secret\n")
    real_open = open

    def guarded_open(file: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if Path(str(file)) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", guarded_open)
    items = read_all([locked, write(tmp_path / "ok.txt", "fine\n")])
    assert str(items[0]) == f"{locked}: cannot read: permission denied"
    assert isinstance(items[1], Document)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_permission_denied_on_disk(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.txt", "secret\n")
    locked.chmod(0)
    try:
        err = only(read_all([locked]))
    finally:
        locked.chmod(0o644)
    assert isinstance(err, IngestError) and err.message == "cannot read: permission denied"


def test_missing_path_and_unsupported_explicit_file(tmp_path: Path) -> None:
    pdf = write(tmp_path / "paper.pdf", b"%PDF-1.4\n")
    items = read_all([tmp_path / "nope.txt", pdf])
    assert [type(i) for i in items] == [IngestError, IngestError]
    assert items[0].message == "no such file or directory"  # type: ignore[union-attr]
    assert str(items[1]).startswith(f"{pdf}: unsupported file type '.pdf'")


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert isinstance(only(read_all([write(tmp_path / "UPPER.TXT", "Hello\n")])), Document)


# -- directories -----------------------------------------------------------------------


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "b\n")
    write(root / "a.md", "# a\n")
    write(root / "sub" / "c.txt", "c\n")
    write(root / "sub" / "notes.pdf", b"%PDF-1.4\n")  # unsupported: skipped silently
    write(root / ".hidden.txt", "hidden\n")
    write(root / ".git" / "d.txt", "hidden dir\n")
    write(root / "z.htm", ARTICLE_HTML)
    docs = read_all([root])
    assert all(isinstance(d, Document) for d in docs)
    names = [Path(d.source_path).relative_to(root).as_posix() for d in docs]  # type: ignore[union-attr]
    assert names == ["a.md", "b.txt", "sub/c.txt", "z.htm"]


def test_hidden_file_named_explicitly_is_read(tmp_path: Path) -> None:
    assert isinstance(only(read_all([write(tmp_path / ".draft.txt", "Draft\n")])), Document)


def test_directory_without_supported_files(tmp_path: Path) -> None:
    write(tmp_path / "d" / "x.pdf", b"%PDF-1.4\n")
    err = only(read_all([tmp_path / "d"]))
    assert isinstance(err, IngestError)
    assert err.message.startswith("no supported files")


def test_errors_do_not_stop_the_batch(tmp_path: Path) -> None:
    write(tmp_path / "1.txt", b"")
    write(tmp_path / "2.txt", b"\x00\x01binary")
    write(tmp_path / "3.txt", "Good one\n")
    items = read_all([tmp_path, tmp_path / "missing"])
    assert [type(i).__name__ for i in items] == [
        "IngestError",
        "IngestError",
        "Document",
        "IngestError",
    ]


def test_iter_documents_is_lazy(tmp_path: Path) -> None:
    first = write(tmp_path / "first.txt", "First\n")
    second = tmp_path / "second.txt"  # does not exist yet
    stream = iter_documents([first, second])
    doc = next(stream)
    assert isinstance(doc, Document) and doc.title == "First"
    write(second, "Second\n")  # created only after the first document came out
    later = next(stream)
    assert isinstance(later, Document) and later.title == "Second"
    assert next(stream, None) is None


def test_directory_walk_is_lazy(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A\n")
    b = write(tmp_path / "b.txt", "B\n")
    stream = iter_documents([tmp_path])
    assert isinstance(next(stream), Document)
    b.write_text("B changed\n", encoding="utf-8")
    later = next(stream)
    assert isinstance(later, Document) and later.text == "B changed\n"


# -- HTML ------------------------------------------------------------------------------


def test_html_article_with_meta_date(tmp_path: Path) -> None:
    doc = only(read_all([write(tmp_path / "article.html", ARTICLE_HTML)]))
    assert isinstance(doc, Document)
    assert doc.title == "Strikes hit eastern Aleppo"
    assert doc.url == "https://news.example.org/aleppo-strikes"
    assert doc.published == "2016-12-14"
    assert doc.published_source == "metadata"
    assert doc.language == "en"
    assert "according to the Syrian Observatory" in doc.text
    assert '"We could not reach the wounded," a rescue worker told Reuters' in doc.text
    assert "tracking" not in doc.text and "Home" not in doc.text
    assert "\r" not in doc.text


def test_malformed_html_does_not_crash(tmp_path: Path) -> None:
    html = "<html><body><p>Shelling <b>continued <div>in Idlib on Monday<td></table></i>\n"
    doc = only(read_all([write(tmp_path / "broken.html", html)]))
    assert isinstance(doc, Document)
    assert "Shelling" in doc.text and "Idlib on Monday" in doc.text
    assert "<" not in doc.text


def test_html_without_text(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    html = "<html><head><script>x()</script></head><body><img src=a.png></body></html>"
    items = read_all(
        [write(tmp_path / "blank.htm", html), write(tmp_path / "c.html", "<!-- c -->")]
    )
    assert [str(i) for i in items] == [
        f"{tmp_path / 'blank.htm'}: no main text found in HTML",
        f"{tmp_path / 'c.html'}: no main text found in HTML",
    ]
    assert capfd.readouterr().err == ""  # the extractor's own logging stays quiet


def test_xhtml_with_xml_declaration(tmp_path: Path) -> None:
    page = (
        '<?xml version="1.0" encoding="windows-1256"?>\n'
        "<html><body><p>Talks in Astana ended without agreement \u2014 \u0645\u0641\u0627\u0648\u0636\u0627\u062a.</p></body></html>"
    )
    doc = only(read_all([write(tmp_path / "x.xhtml.html", page.encode("windows-1256", "replace"))]))
    assert isinstance(doc, Document)
    assert "Talks in Astana ended without agreement" in doc.text
    assert "\u0645\u0641\u0627\u0648\u0636\u0627\u062a" in doc.text


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1256"></head><body><p>قصف حلب</p></body></html>'
    doc = only(read_all([write(tmp_path / "ar.html", html.encode("windows-1256"))]))
    assert isinstance(doc, Document)
    assert "قصف حلب" in doc.text
    assert doc.language == "ar"


def test_html_declaring_a_non_text_codec(tmp_path: Path) -> None:
    page = b'<html><head><meta charset="base64"></head><body><p>Caf\xe9 in Homs</p></body></html>'
    doc = only(read_all([write(tmp_path / "odd.html", page)]))
    assert isinstance(doc, Document)
    assert "in Homs" in doc.text
    assert doc.warnings == ["invalid UTF-8 at byte 54; decoded with replacement characters"]


def test_html_without_meta_date_falls_back_to_dateline(tmp_path: Path) -> None:
    html = (
        "<html><body><article><h1>Talks resume</h1><p>December 14, 2016</p>"
        "<p>Negotiators met again in Astana, officials said, after a week of fighting.</p>"
        "</article></body></html>"
    )
    doc = only(read_all([write(tmp_path / "nodate.html", html)]))
    assert isinstance(doc, Document)
    assert doc.published == "2016-12-14"
    assert doc.published_source == "dateline"


# -- JSON lines ------------------------------------------------------------------------


def test_jsonl_lines_bad_lines_and_unicode_separators(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "text": "First report.",
                "title": "One",
                "url": "https://a.example/1",
                "published": "2016-12-14",
                "language": "en",
            }
        ),
        "{not json",
        "",
        json.dumps({"title": "no text here"}),
        json.dumps(
            {"text": "Para one\u2028para two\u0085end.", "title": "Two"}, ensure_ascii=False
        ),
        json.dumps({"text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "Third report.\r\nSecond line.", "published": "yesterday"}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    items = read_all([path])
    summary = [(type(i).__name__, i.line) for i in items]
    assert summary == [
        ("Document", 1),
        ("IngestError", 2),
        ("IngestError", 4),
        ("Document", 5),
        ("IngestError", 6),
        ("IngestError", 7),
        ("Document", 8),
    ]
    first, bad_json, no_text, second, empty_text, not_object, third = items
    assert isinstance(first, Document)
    assert (first.title, first.url, first.published, first.published_source, first.language) == (
        "One",
        "https://a.example/1",
        "2016-12-14",
        "metadata",
        "en",
    )
    assert first.source_path == str(path)
    assert str(bad_json).startswith(f"{path}:2: not valid JSON: ")
    assert str(no_text) == f"{path}:4: missing required field 'text'"
    assert isinstance(second, Document)
    assert second.text == "Para one\u2028para two\u0085end."
    assert str(empty_text) == f"{path}:6: field 'text' is empty"
    assert str(not_object) == f"{path}:7: expected a JSON object, got array"
    assert isinstance(third, Document)
    assert third.text == "Third report.\nSecond line."
    assert third.published is None
    assert third.warnings == ["field 'published' ('yesterday') is not a date; ignored"]


def test_jsonl_dateline_in_text_and_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", json.dumps({"text": "Headline\n5/12/2016\nBody."}) + "\n")
    doc = only(read_all([path]))
    assert isinstance(doc, Document)
    assert (doc.published, doc.published_source) == ("2016-12-05", "dateline")
    err = only(read_all([write(tmp_path / "e.jsonl", "\n\n")]))
    assert isinstance(err, IngestError) and err.message == "empty file"


def test_jsonl_line_over_the_size_limit(tmp_path: Path) -> None:
    big = json.dumps({"text": "x" * 5000})
    path = write(tmp_path / "big.jsonl", big + "\n" + json.dumps({"text": "small"}) + "\n")
    items = read_all([path], max_bytes=1024)
    assert isinstance(items[0], IngestError) and items[0].line == 1
    assert "larger than --max-size 1 KB" in items[0].message
    assert isinstance(items[1], Document) and items[1].text == "small" and items[1].line == 2


def test_jsonl_hostile_lines_are_errors_not_crashes(tmp_path: Path) -> None:
    lines = [
        "[" * 100_000 + "]" * 100_000,
        '{"text": "ok", "n": ' + "9" * 5000 + "}",
        json.dumps({"text": 42}),
        json.dumps({"text": "kept", "title": ["not", "a", "string"]}),
    ]
    items = read_all([write(tmp_path / "h.jsonl", "\n".join(lines))])
    assert [i.line for i in items] == [1, 2, 3, 4]
    assert all(isinstance(i, IngestError) for i in items[:3])
    assert items[0].message.startswith("not valid JSON")  # type: ignore[union-attr]
    assert items[1].message.startswith("not valid JSON")  # type: ignore[union-attr]
    assert items[2].message == "field 'text' must be a string, got number"  # type: ignore[union-attr]
    kept = items[3]
    assert isinstance(kept, Document) and kept.title is None
    assert kept.warnings == ["field 'title' ignored: expected a string, got array"]


def test_binary_jsonl(tmp_path: Path) -> None:
    err = only(read_all([write(tmp_path / "z.jsonl", b"\x1f\x8b\x08\x00compressed")]))
    assert isinstance(err, IngestError) and err.message == "binary file (GZIP), not text"


# -- publication dates -----------------------------------------------------------------


def test_published_option_wins_over_metadata_and_dateline(tmp_path: Path) -> None:
    html = write(tmp_path / "a.html", ARTICLE_HTML)
    txt = write(tmp_path / "b.txt", "Title\n14 December, 2016\nBody.\n")
    for doc in read_all([html, txt], published="2017-01-02"):
        assert isinstance(doc, Document)
        assert (doc.published, doc.published_source) == ("2017-01-02", "option")


def test_metadata_wins_over_dateline(tmp_path: Path) -> None:
    line = json.dumps({"text": "Title\n14 December, 2016\nBody.", "published": "2016-12-15"})
    doc = only(read_all([write(tmp_path / "m.jsonl", line)]))
    assert isinstance(doc, Document)
    assert (doc.published, doc.published_source) == ("2016-12-15", "metadata")


def test_no_date_anywhere(tmp_path: Path) -> None:
    doc = only(
        read_all([write(tmp_path / "n.txt", "Title\nOn 14 December 2016 the army moved in.\n")])
    )
    assert isinstance(doc, Document)
    assert (doc.published, doc.published_source) == (None, None)


@pytest.mark.parametrize("bad", ["14/12/2016", "2016-13-01", "yesterday", ""])
def test_invalid_published_option_raises_before_reading(bad: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        iter_documents(["does-not-matter.txt"], published=bad)


# -- datelines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("14 December, 2016", "2016-12-14"),
        ("December 14, 2016", "2016-12-14"),
        ("14/12/2016", "2016-12-14"),
        ("12/25/2016", "2016-12-25"),
        ("2016-12-14", "2016-12-14"),
        ("Wednesday 14 December 2016", "2016-12-14"),
        ("Wed, Dec. 14, 2016", "2016-12-14"),
        ("14th of December 2016", "2016-12-14"),
        ("١٤ كانون الأول ٢٠١٦", "2016-12-14"),
        ("الأربعاء 14 ديسمبر 2016م", "2016-12-14"),
    ],
)
def test_find_dateline_forms(line: str, iso: str) -> None:
    text = f"Some headline\n\n{line}\nThe body starts here and goes on.\n"
    found = find_dateline(text)
    assert found is not None
    value, start, end = found
    assert value == iso
    assert text[start:end] == line


def test_dateline_span_excludes_label_and_time() -> None:
    text = "Headline\nPublished: 14 December 2016 10:32 GMT\n"
    found = find_dateline(text)
    assert found is not None
    assert text[found[1] : found[2]] == "14 December 2016"


def test_hijri_and_gregorian_on_one_line() -> None:
    text = "Answer to Question\n15/03/1438 AH - 14/12/2016 CE\n"
    found = find_dateline(text)
    assert found is not None and found[0] == "2016-12-14"


@pytest.mark.parametrize(
    "text",
    [
        "Headline\nOn 14 December 2016 the army entered the eastern districts of the city.\n",
        "1\n2\n3\n4\n5\n6\n14 December 2016\n",  # too far down
        "Headline\n31/02/2016\n",  # not a real date
        "Headline\nNo date at all.\n",
        "",
    ],
)
def test_find_dateline_rejects(text: str) -> None:
    assert find_dateline(text) is None


def test_blank_lines_do_not_count_towards_the_window() -> None:
    text = "\n\n\nTitle\n\n\n\n\nBy Staff\n\n14/12/2016\n"
    found = find_dateline(text)
    assert found is not None and found[0] == "2016-12-14"
