"""The record file format: byte-exact round trips and edits that touch only their own lines."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from gitsplit.errors import RecordError, ValidationError
from gitsplit.ledger import yamlio
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.record_lines import conflict_marker_line, split_lines

HAND_WRITTEN = {
    "comments and odd spacing": (
        "---\n"
        "# a work order written by hand\n"
        "id:    WO-7   # the id is the file name\n"
        "title:   'Parse the config'\n"
        "\n"
        "status: ready\n"
        "class: C2\n"
        "depends_on:\n"
        "   - WO-1      # first\n"
        "   - WO-2\n"
        "scope: [ 'src/**' ,  docs/x.md ]\n"
        "# trailing comment in the frontmatter\n"
        "---\n"
        "## Problem\n\nSomething.\n"
    ),
    "quoted keys and unknown fields": (
        "---\n"
        '"id": WO-3\n'
        "'title': \"Quoted: keys\"\n"
        "status: draft\n"
        "class: C1\n"
        "x-owner: {team: parsers, since: 2026-01-02}\n"
        "labels:\n- a\n- b\n"
        "nested:\n  deep:\n    deeper: [1, 2, 3]\n"
        "---\n"
        "body\n"
    ),
    "block scalar": (
        "---\n"
        "id: WO-4\n"
        "title: Block\n"
        "notes: |\n"
        "  first line\n"
        "\n"
        "  after a blank line\n"
        "status: draft\n"
        "class: C3\n"
        "---\n"
    ),
    "CRLF line endings": (
        "---\r\n"
        "id: WO-5\r\n"
        "title: Windows\r\n"
        "status: draft\r\n"
        "class: C2\r\n"
        "depends_on: [WO-1]\r\n"
        "---\r\n"
        "Body line one\r\n"
        "Body line two\r\n"
    ),
    "no trailing newline in the body": (
        "---\nid: WO-6\ntitle: t\nstatus: draft\nclass: C1\n---\nno newline at the end"
    ),
    "no newline after the closing fence": "---\nid: WO-8\ntitle: t\nstatus: draft\nclass: C1\n---",
    "CRLF and nothing after the fence": "---\r\nid: WO-9\r\ntitle: t\r\n---",
    "dots close the frontmatter": "---\nid: WO-10\ntitle: t\n...\nbody\n",
    "spaces after the fences": "---  \nid: WO-11\ntitle: t\n---\t\nbody\n",
    "empty body": "---\nid: WO-12\ntitle: t\n---\n",
    "setext heading in the body": "---\nid: WO-13\ntitle: t\n---\nHeading\n=======\n\ntext\n",
    "non-ASCII": "---\nid: WO-14\ntitle: Größe ändern — 日本語\n---\nünïcödé body ✓\n",
}


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_unchanged_round_trip_is_byte_identical(name: str) -> None:
    text = HAND_WRITTEN[name]
    doc = Document.parse(text.encode("utf-8"), path="x.md")
    assert doc.render().encode("utf-8") == text.encode("utf-8")
    assert doc.changed({}).render() == text
    assert doc.changed({"id": doc.fields["id"]}).render() == text


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_changing_title_touches_only_its_line(name: str) -> None:
    text = HAND_WRITTEN[name]
    doc = Document.parse(text, path="x.md")
    edited = doc.changed({"title": "A new title"}).render()
    before, after = text.splitlines(keepends=True), edited.splitlines(keepends=True)
    assert len(before) == len(after)
    different = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(different) == 1
    assert after[different[0]].rstrip("\r\n") == "title: A new title"
    newline = "\r\n" if "\r\n" in text else "\n"
    assert after[different[0]].endswith(newline) or different[0] == len(after) - 1
    reread = Document.parse(edited, path="x.md")
    assert reread.fields == {**doc.fields, "title": "A new title"}
    assert reread.body == doc.body


def test_unknown_fields_and_comments_survive_a_change() -> None:
    text = HAND_WRITTEN["comments and odd spacing"]
    doc = Document.parse(text, path="x.md").changed({"status": "done"})
    out = doc.render()
    assert "# a work order written by hand\n" in out
    assert "id:    WO-7   # the id is the file name\n" in out
    assert "   - WO-1      # first\n" in out
    assert "# trailing comment in the frontmatter\n" in out
    assert "status: done\n" in out

    text = HAND_WRITTEN["quoted keys and unknown fields"]
    out = Document.parse(text, path="x.md").changed({"status": "ready"}).render()
    assert out == text.replace("status: draft", "status: ready")


def test_changing_a_block_list_replaces_all_its_lines() -> None:
    text = HAND_WRITTEN["comments and odd spacing"]
    doc = Document.parse(text, path="x.md").changed({"depends_on": ["WO-1", "WO-3"]})
    out = doc.render()
    assert "depends_on: [WO-1, WO-3]\nscope: [ 'src/**' ,  docs/x.md ]\n" in out
    assert "- WO-2" not in out
    assert Document.parse(out, path="x.md").fields["depends_on"] == ["WO-1", "WO-3"]


def test_changing_a_block_scalar_keeps_the_following_fields() -> None:
    text = HAND_WRITTEN["block scalar"]
    out = Document.parse(text, path="x.md").changed({"notes": "short"}).render()
    assert out == "---\nid: WO-4\ntitle: Block\nnotes: short\nstatus: draft\nclass: C3\n---\n"


def test_crlf_file_stays_crlf_when_fields_are_added_or_changed() -> None:
    text = HAND_WRITTEN["CRLF line endings"]
    doc = Document.parse(text, path="x.md")
    out = doc.changed(
        {"status": "ready", "depends_on": ["WO-1", "WO-2"], "checks": ["pytest -q"]}
    ).render()
    assert "\n" not in out.replace("\r\n", "")
    assert Document.parse(out, path="x.md").fields["checks"] == ["pytest -q"]


def test_body_may_change_without_touching_the_frontmatter() -> None:
    text = HAND_WRITTEN["no newline after the closing fence"]
    out = Document.parse(text, path="x.md").changed({}, body="Now a body.\n").render()
    assert out == text + "\nNow a body.\n"


def test_removal_drops_the_whole_entry() -> None:
    text = HAND_WRITTEN["comments and odd spacing"]
    out = Document.parse(text, path="x.md").changed({}, remove=["depends_on"]).render()
    assert "WO-1" not in out and "WO-2" not in out
    assert "scope: [ 'src/**' ,  docs/x.md ]\n" in out


def test_new_fields_are_appended_after_the_last_entry() -> None:
    text = HAND_WRITTEN["comments and odd spacing"]
    out = Document.parse(text, path="x.md").changed({"priority": "P1"}).render()
    assert out.index("priority: P1\n") < out.index("\n---\n## Problem")


def test_line_of_finds_quoted_and_plain_keys() -> None:
    doc = Document.parse(HAND_WRITTEN["quoted keys and unknown fields"], path="x.md")
    assert doc.line_of("id") == 2
    assert doc.line_of("title") == 3
    assert doc.line_of("x-owner") == 6
    assert doc.line_of("missing") is None
    assert (
        doc.body_line
        == Document.parse(HAND_WRITTEN["quoted keys and unknown fields"], path="x.md")
        .render()
        .splitlines()
        .index("body")
        + 1
    )


def test_dates_stay_text() -> None:
    doc = Document.parse("---\ndate: 2026-05-01\nwhen: 2026-05-01T10:00:00Z\n---\n", path="x")
    assert doc.fields == {"date": "2026-05-01", "when": "2026-05-01T10:00:00Z"}
    out = doc.changed({"date": "2026-06-01"}).render()
    assert "date: 2026-06-01\n" in out


def test_setext_heading_is_not_a_conflict_marker() -> None:
    doc = Document.parse(HAND_WRITTEN["setext heading in the body"], path="x.md")
    assert "=======" in doc.body


@pytest.mark.parametrize(
    "text, line",
    [
        ("---\nid: WO-1\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> theirs\n---\n", 3),
        ("---\nid: WO-1\n---\nbody\n<<<<<<< ours\nx\n||||||| base\ny\n=======\nz\n>>>>>>> b\n", 5),
    ],
)
def test_conflict_markers_are_refused_with_their_line(text: str, line: int) -> None:
    with pytest.raises(RecordError) as info:
        Document.parse(text, path="x.md")
    assert info.value.line == line
    assert "conflict" in info.value.detail


@pytest.mark.parametrize(
    "body, line",
    [("<<<<<<<\n", 4), ("notes\n\n>>>>>>> theirs\n", 6), ("a\n=======\n<<<<<<< x\n", 5)],
)
def test_a_body_that_would_read_as_a_conflict_is_refused_before_writing(
    body: str, line: int
) -> None:
    doc = Document.new({"id": "WO-1"}, body, path="x.md")
    with pytest.raises(ValidationError) as info:
        doc.render()
    assert str(info.value).startswith(f"x.md:{line}: this line would read as a git conflict")
    assert "indent the line by a space" in str(info.value)
    indented = "".join(" " + line for line in body.splitlines(keepends=True))
    assert Document.new({"id": "WO-1"}, indented, path="x.md").render()  # Markdown's same text
    assert Document.new({"id": "WO-1"}, "=======\n", path="x.md").render()  # setext heading


# --- generated documents -------------------------------------------------------------------

_key = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_scalar = st.one_of(
    _text,
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.sampled_from(
        [
            "2026-05-01",
            "yes",
            "no",
            "null",
            "~",
            "1e3",
            "0x1F",
            "- x",
            "#x",
            "a: b",
            "---",
            "...",
            "'",
            '"',
            "WO-1",
        ]
    ),
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_key, inner, max_size=3)),
    max_leaves=8,
)
_mapping = st.dictionaries(_key, _value, min_size=1, max_size=6)
_body = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), max_size=80
)  # NUL: a binary file
_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(fields=_mapping, body=_body)
@example(fields={"a": {}}, body="<<<<<<<")  # once found by chance: the writer must refuse it
def test_generated_records_round_trip(fields: dict[str, Any], body: str) -> None:
    fresh = Document.new(fields, body, path="x.md")
    try:
        text = fresh.render()
    except ValidationError:  # the writer refuses only what the reader would refuse
        with pytest.raises(RecordError, match="conflict markers"):
            Document.parse(fresh.text.encode("utf-8"), path="x.md")
        return
    doc = Document.parse(text.encode("utf-8"), path="x.md")
    assert doc.fields == fields
    assert doc.body == body
    assert doc.render() == text


def _hand_styled(fields: dict[str, Any], flow: bool, indent: int, comments: bool) -> str:
    """Frontmatter text as a person might write it: other styles, comments between entries."""
    lines = []
    for key, value in fields.items():
        if flow and isinstance(value, list | dict) and value:
            name = yaml.dump(key, Dumper=yamlio.LedgerDumper).splitlines()[0]
            inner = yaml.dump(
                value,
                Dumper=yamlio.LedgerDumper,
                default_flow_style=True,
                allow_unicode=True,
                width=10**6,
            ).rstrip("\n")
            entry = f"{name}:   {inner}   # flow\n"
        else:
            entry = yaml.dump(
                {key: value},
                Dumper=yamlio.LedgerDumper,
                default_flow_style=False,
                indent=indent,
                allow_unicode=True,
                sort_keys=False,
                width=60,
            )
        if comments:
            lines.append(f"# about {key}\n")
        lines.append(entry)
    return "".join(lines)


@_settings
@given(
    fields=_mapping,
    body=_body,
    flow=st.booleans(),
    indent=st.sampled_from([2, 4]),
    comments=st.booleans(),
    crlf=st.booleans(),
    data=st.data(),
)
def test_generated_hand_styled_records_change_one_field(
    fields: dict[str, Any],
    body: str,
    flow: bool,
    indent: int,
    comments: bool,
    crlf: bool,
    data: st.DataObject,
) -> None:
    front = _hand_styled(fields, flow, indent, comments)
    assume(yamlio.load(front) == fields)  # a style PyYAML cannot read back is not our format
    # a body with conflict markers is refused on reading, as the tests above hold
    assume(conflict_marker_line(split_lines(body)) is None)
    text = f"---\n{front}---\n{body}"
    if crlf:
        text = text.replace("\n", "\r\n")
        body = body.replace("\n", "\r\n")
        assume(yamlio.load(front.replace("\n", "\r\n")) == fields)
    doc = Document.parse(text.encode("utf-8"), path="x.md")
    assert doc.render() == text
    key = data.draw(st.sampled_from(sorted(fields)))
    new_value = data.draw(_value)
    changed = doc.changed({key: new_value})
    reread = Document.parse(changed.render().encode("utf-8"), path="x.md")
    assert reread.fields == {**fields, key: new_value}
    assert reread.body == doc.body
    if crlf:
        assert "\n" not in changed.render().replace("\r\n", "")
    others = [k for k in fields if k != key]
    if comments:
        for other in others:
            assert f"# about {other}" in changed.render()


@_settings
@given(fields=_mapping, data=st.data())
def test_generated_removal_and_addition(fields: dict[str, Any], data: st.DataObject) -> None:
    doc = Document.new(fields, "body\n", path="x.md")
    gone = data.draw(st.sampled_from(sorted(fields)))
    added = data.draw(_key.filter(lambda k: k not in fields))
    value = data.draw(_value)
    out = doc.changed({added: value}, remove=[gone]).render()
    expected = {k: v for k, v in fields.items() if k != gone}
    expected[added] = value
    assert Document.parse(out, path="x.md").fields == expected


_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@given(st.text(alphabet=st.sampled_from([*_BREAKS, "a", " ", "-", "é"])))
@example("a\x0cb\r\nc")
@example("a\rb\x85c\u2028")
def test_lines_break_where_yaml_breaks_them(text: str) -> None:
    # the fast path (str.splitlines) and the rule it stands for: YAML's line breaks only
    from gitsplit.ledger.record_lines import _LINE

    assert split_lines(text) == _LINE.findall(text)
    assert "".join(split_lines(text)) == text
