"""Malicious template folders: each is refused or rendered harmlessly, touches nothing outside the output,
and ends within the render time limit.

Every case is a clerk's template folder (a copy of the built-in gov2021 templates with one file
made hostile), checked as the settings page checks it and then exported as the export dialog
does.  Beside the folder lie a canary file (text and .docx) and a watched folder.  While the case
runs, a Python audit hook records every file opened, listed, removed or renamed and every
process started: nothing may be read from the canary side, nothing written outside the output
folder (a ``.pth`` or a Startup-folder script would be such a write), no process started.  The
watched tree is compared byte for byte afterwards, and the canary text must not appear in any
output or message.  Each case runs under ``time_limit`` so that a hang fails instead of blocking.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sys
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from draft_factory import full_report
from time_limit import time_limit

from forms.render import RenderOptions, export, sandbox
from forms.render.export import render_file
from forms.render.templates import builtin_dir, check_template_folder

#: the render limit while these cases run (the default is 5 s; the loop bombs would each take it)
LIMIT = 1.0
FILES = {"txt": "report.txt.j2", "html": "report.html.j2", "docx": "report.docx"}

# --- watching ------------------------------------------------------------------------------------

_events: list[tuple[str, tuple[object, ...]]] | None = None
_WATCHED_EVENTS = {
    "open",
    "os.listdir",
    "os.scandir",
    "os.remove",
    "os.rename",
    "os.symlink",
    "os.link",
    "os.truncate",
    "os.chmod",
    "os.mkdir",
    "shutil.copyfile",
    "shutil.rmtree",
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.startfile",
    "ctypes.dlopen",
}


def _hook(event: str, args: tuple[object, ...]) -> None:
    if _events is not None and event in _WATCHED_EVENTS:
        _events.append((event, args))


sys.addaudithook(_hook)  # process-wide and permanent: it records only while a case runs


def _is_write(event: str, args: tuple[object, ...]) -> bool:
    if event != "open":
        return event in {"os.remove", "os.rename", "os.symlink", "os.link", "os.truncate", "os.chmod", "os.mkdir"}
    mode, flags = args[1], args[2]
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND))


def _path_of(arg: object) -> Path | None:
    if isinstance(arg, (str, bytes, os.PathLike)):
        return Path(os.fsdecode(arg)).absolute()
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _tree(folder: Path) -> dict[str, tuple[int, str]]:
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                out[rel] = (0, "link:" + os.readlink(path))
            elif path.is_file():
                out[rel] = (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                out[rel] = (0, "dir")
    return out


@dataclass
class Scene:
    own: Path  # the clerk's template folder
    fmt: Path  # its gov2021 subfolder
    home: Path  # canary side: must not be read or written
    out: Path
    canary: str
    canary_txt: Path
    canary_docx: Path
    watched: Path


@pytest.fixture
def scene(tmp_path, monkeypatch) -> Scene:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", LIMIT)
    home = tmp_path / "home"
    watched = home / "watched"
    watched.mkdir(parents=True)
    (watched / "草稿.nianbao").write_text('{"schema_version": 1}', encoding="utf-8")
    canary = f"CANARY-{uuid.uuid4().hex}"
    canary_txt = home / "secret.txt"
    canary_txt.write_text(canary + "\n", encoding="utf-8")
    doc = Document()
    doc.add_paragraph(canary)
    canary_docx = home / "secret.docx"
    doc.save(str(canary_docx))
    own = tmp_path / "own"
    shutil.copytree(builtin_dir() / "gov2021", own / "gov2021")
    out = tmp_path / "out"
    out.mkdir()
    return Scene(own, own / "gov2021", home, out, canary, canary_txt, canary_docx, watched)


def _edit_docx(path: Path, edits: dict[str, object]) -> None:
    """Rewrite parts of a .docx: a str → str function edits a part, bytes add or replace one."""
    with zipfile.ZipFile(path) as zf:
        items = [(info.filename, zf.read(info)) for info in zf.infolist()]
    names = {n for n, _ in items}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            edit = edits.get(name)
            if callable(edit):
                data = edit(data.decode("utf-8")).encode("utf-8")
            elif isinstance(edit, bytes):
                data = edit
            zf.writestr(name, data)
        for name, data in edits.items():
            if name not in names and isinstance(data, bytes):
                zf.writestr(name, data)


def _docx_payload(scene: Scene, payload: str) -> None:
    _edit_docx(scene.fmt / "report.docx", {"word/document.xml": lambda x: x.replace("{{ title }}", payload, 1)})


def _output_text(kind: str, data: bytes) -> str:
    if kind != "docx":
        return data.decode("utf-8", errors="replace")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "".join(zf.read(n).decode("utf-8", errors="replace") for n in zf.namelist())


def run_case(scene: Scene, kind: str, refused: bool) -> tuple[list[str], str]:
    """Check the folder and export ``kind`` from it; assert that nothing outside the output was touched."""
    draft = full_report("gov2021")
    options = RenderOptions(template_dir=scene.own)
    render_file(draft, kind, RenderOptions())  # imports and caches warm, so only the case is recorded
    before = _tree(scene.home)
    own_before = _tree(scene.own)
    global _events
    _events = []
    try:
        with time_limit(what=f"{kind} case"):
            problems = check_template_folder(scene.own)
            target = scene.out / f"report.{kind}"
            result = export(draft, {kind: target}, options)
    finally:
        events, _events = _events, None
    for event, args in events:
        assert event not in {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"}, event
        assert event != "ctypes.dlopen", args
        paths = [p for p in map(_path_of, args[:2] if event in ("os.rename", "os.link") else args[:1]) if p]
        for path in paths:
            assert not _inside(path, scene.home), f"{event} {path}: the canary side was touched"
            if _is_write(event, args) and "__pycache__" not in path.parts:
                assert _inside(path, scene.out), f"{event} {path}: written outside the output folder"
    assert _tree(scene.home) == before  # the watched folder and the canaries are as they were
    assert _tree(scene.own) == own_before  # and the template folder too
    assert sorted(p.name for p in scene.out.iterdir()) == [f"report.{kind}"]
    data = (scene.out / f"report.{kind}").read_bytes()
    text = _output_text(kind, data)
    messages = problems + result.warnings
    assert not any("did not finish" in m for m in messages), "the guard ended a hang"
    assert scene.canary not in text and all(scene.canary not in m for m in messages)
    if refused:
        assert problems, "the settings page must name the problem"
        assert result.warnings and all("已改用内置模板" in w for w in result.warnings)
        builtin, _w = render_file(draft, kind, RenderOptions())
        if kind == "docx":
            assert [p.text for p in Document(io.BytesIO(data)).paragraphs] == [
                p.text for p in Document(io.BytesIO(builtin)).paragraphs
            ]
        else:
            assert data == builtin
    return messages, text


# --- the cases -----------------------------------------------------------------------------------

#: Jinja text templates: (name, source, words one of the messages must contain)
TXT_CASES = [
    ("class-mro-subclasses", "{{ title.__class__.__mro__[1].__subclasses__() }}", "__class__"),
    ("globals-of-a-method", "{{ title.upper.__globals__ }}", "upper"),
    ("cycler-globals", "{{ cycler.__init__.__globals__.os.system('touch pwned') }}", "cycler"),
    ("joiner-globals", "{{ joiner.__init__.__globals__.__builtins__ }}", "joiner"),
    ("namespace-globals", "{% set ns = namespace() %}{{ ns.__init__.__globals__ }}", "namespace"),
    ("lipsum-globals", "{{ lipsum.__globals__['os'].popen('id').read() }}", "lipsum"),
    ("attr-filter", "{{ (title|attr('__class__')|attr('__base__')|attr('__subclasses__'))() }}", "attr"),
    ("map-filter-attribute", "{{ sections|map(attribute='__class__')|map(attribute='__init__')|first }}", ""),
    ("str-format-globals", "{{ '{0.__class__.__init__.__globals__}'.format(title) }}", "format"),
    ("format-filter", "{{ '%s'|format(title.__class__) }}", "format"),
    ("percent-format-width", "{{ '%999999999s' % title }}", "%"),
    ("call-on-context-list", "{{ sections.pop() }}{{ preface.append(1) }}", "pop"),
    ("call-on-context-dict", "{{ sections[0].clear() }}{{ sections[0].update({'title': 1}) }}", "clear"),
    ("call-on-context-text", "{{ title.encode('utf-8').decode('latin-1') }}", "encode"),
    ("loop-self", "{% for s in sections %}{{ loop.__class__ }}{% endfor %}", "__class__"),
    ("self-reference", "{{ self.__init__.__globals__ }}", "__init__"),
    ("nested-loop-bomb", "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}", "秒"),
    ("recursion-bomb", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "递归"),
    (
        "exponential-macros",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(80) }}",
        "秒",
    ),
    ("huge-output", "{% for i in range(99999) %}{{ title * 40 }}{% endfor %}", "上限"),
    ("string-multiplication", "{{ 'x' * 999999999 }}", "上限"),
    ("power-bomb", "{{ 10 ** 10 ** 10 }}", "**"),
    ("doubling-concat", "{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s }}{% endmacro %}{{ d(title, 60) }}", "上限"),
    ("center-width", "{{ title|center(999999999) }}", "上限"),
    ("replace-blowup", "{{ (title * 1000)|replace('', title * 1000) }}", "上限"),
    ("range-huge", "{{ range(10 ** 9)|list }}", ""),
    ("join-blowup", "{{ range(99999)|join(title * 100000) }}", "上限"),
    ("join-of-a-generator", "{{ range(99999)|map('string')|join(title * 100000) }}", ""),
    (
        "a-grid-of-its-own-making",
        "{{ {'rows': [[{'row': 0, 'col': 0, 'rowspan': 10 * 100000000, 'colspan': 1, 'text': '', 'indent': 0}]],"
        " 'grid_columns': 1}|txt_rows }}",
        "报告大小",
    ),
    ("deep-nesting", "{{ " + "(" * 20000 + "title" + ")" * 20000 + " }}", "嵌套"),
    ("escape-blowup", "{{ ('&' * 3999999)|e }}", "上限"),
]


@pytest.mark.parametrize(("name", "source", "words"), TXT_CASES, ids=[c[0] for c in TXT_CASES])
def test_hostile_text_template(scene, name, source, words):
    (scene.fmt / "report.txt.j2").write_text(source + "\n", encoding="utf-8")
    messages, _text = run_case(scene, "txt", refused=True)
    assert any(words in m for m in messages), messages


def test_include_by_absolute_path(scene):
    path = str(scene.canary_txt).replace("\\", "/")
    (scene.fmt / "report.txt.j2").write_text(f"{{% include '{path}' %}}\n", encoding="utf-8")
    messages, _ = run_case(scene, "txt", refused=True)
    assert any("绝对路径" in m for m in messages)


@pytest.mark.parametrize("sep", ["/", "\\"])
def test_include_through_dotdot(scene, sep):
    rel = sep.join(["..", "..", "home", "secret.txt"])
    (scene.fmt / "report.txt.j2").write_text(f"{{% include {rel!r} %}}\n", encoding="utf-8")
    messages, _ = run_case(scene, "txt", refused=True)
    assert any("“..”" in m for m in messages)


def test_import_and_extends_outside_the_folder(scene):
    path = str(scene.canary_txt).replace("\\", "/")
    (scene.fmt / "report.txt.j2").write_text(f"{{% import '{path}' as x %}}{{{{ title }}}}\n", encoding="utf-8")
    (scene.fmt / "report.html.j2").write_text(
        "{% extends '../../home/secret.txt' %}{% block report %}{% endblock %}\n", encoding="utf-8"
    )
    messages, _ = run_case(scene, "txt", refused=True)
    assert any("report.html.j2" in m and "“..”" in m for m in messages)


def _link(path: Path, target: Path, directory: bool = False) -> None:
    try:
        path.symlink_to(target, target_is_directory=directory)
    except (OSError, NotImplementedError):  # Windows without the privilege to make links
        pytest.skip("cannot make symbolic links here")


def test_include_through_a_symbolic_link(scene):
    _link(scene.fmt / "leak.j2", scene.canary_txt)
    (scene.fmt / "report.txt.j2").write_text("{% include 'leak.j2' %}\n", encoding="utf-8")
    messages, _ = run_case(scene, "txt", refused=True)
    assert any("符号链接" in m for m in messages)


def test_include_through_a_hard_link(scene):
    try:
        os.link(scene.canary_txt, scene.fmt / "leak.j2")
    except (OSError, NotImplementedError):
        pytest.skip("cannot make hard links here")
    (scene.fmt / "report.txt.j2").write_text("{% include 'leak.j2' %}\n", encoding="utf-8")
    messages, _ = run_case(scene, "txt", refused=True)
    assert any("硬链接" in m for m in messages)


def test_a_template_file_that_is_a_symbolic_link(scene):
    (scene.fmt / "report.txt.j2").unlink()
    _link(scene.fmt / "report.txt.j2", scene.canary_txt)
    messages, _ = run_case(scene, "txt", refused=True)
    assert any("符号链接" in m for m in messages)


def test_a_format_folder_that_is_a_symbolic_link(scene):
    elsewhere = scene.home / "watched" / "gov2021"
    shutil.copytree(scene.fmt, elsewhere)
    shutil.rmtree(scene.fmt)
    _link(scene.fmt, elsewhere, directory=True)
    messages, _ = run_case(scene, "txt", refused=True)
    assert any("符号链接" in m for m in messages)


HTML_CASES = [
    ("script", "<script>alert(1)</script>", "<script>"),
    ("onerror", '<img src="data:image/png;base64,AAAA" onerror="alert(1)">', "onerror"),
    ("javascript-link", '<a href=" javascript:alert(1)">x</a>', "javascript:"),
    ("entity-javascript-link", '<a href="jav&#x61;script:alert(1)">x</a>', "javascript:"),
    ("external-image", '<img src="http://example.com/t.png">', "data:"),
    ("css-url", '<p style="background:url(//example.com/t.png)">x</p>', "url("),
    ("iframe", '<iframe src="https://example.com"></iframe>', "<iframe>"),
    ("object-embed", '<object data="x.swf"></object><embed src="x.swf">', "<object>"),
    ("script-in-comment", "<!-- --!><script>alert(1)</script> -->", "<script>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://example.com">', "http-equiv"),
    ("style-import", "<style>@import 'https://example.com/x.css';</style>", "@import"),
    ("css-image-set", "<p style=\"background-image:image-set('https://example.com/x.png' 1x)\">x</p>", "image-set"),
]


@pytest.mark.parametrize(("name", "markup", "words"), HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_hostile_html_template(scene, name, markup, words):
    path = scene.fmt / "report.html.j2"
    source = re.sub(
        r'<div class="nb-report"[^>]*>', lambda m: m.group(0) + "\n" + markup, path.read_text(encoding="utf-8"), count=1
    )
    path.write_text(source, encoding="utf-8")
    messages, _ = run_case(scene, "html", refused=True)
    assert any(words in m for m in messages), messages
    line = source[: source.index(markup)].count("\n") + 1
    assert any(f"模板第 {line} 行" in m for m in messages), messages  # named with its line


def test_html_scripts_built_from_the_data_are_refused_with_the_page_line(scene):
    path = scene.fmt / "report.html.j2"
    path.write_text(
        "{% block report %}<p>{{ title }}</p>\n<{{ 'scr' ~ 'ipt' }}>x</{{ 'scr' ~ 'ipt' }}>{% endblock %}\n",
        encoding="utf-8",
    )
    messages, _ = run_case(scene, "html", refused=True)
    assert any("生成的网页第 2 行" in m and "<script>" in m for m in messages), messages


DOCX_METHOD_CASES = [
    # the live subdocument of the old renderer: each call wrote a file or read one
    ("save-the-table", "{{ sections[1].table.subdocx.save('" + "{target}" + "') }}"),
    ("new-subdoc-from-any-docx", "{{ sections[1].table.tpl.new_subdoc('" + "{canary_docx}" + "') }}"),
    ("template-save", "{{ sections[1].table.tpl.save('" + "{target}" + "') }}"),
    ("table-attributes", "{{ sections[1].table.__class__.__init__.__globals__ }}"),
    ("table-text-methods", "{{ sections[1].table.replace('x', 'y').split() }}"),
]


@pytest.mark.parametrize(("name", "payload"), DOCX_METHOD_CASES, ids=[c[0] for c in DOCX_METHOD_CASES])
def test_word_template_cannot_reach_objects(scene, name, payload):
    payload = payload.replace("{target}", str(scene.watched / "草稿.nianbao"))
    payload = payload.replace("{canary_docx}", str(scene.canary_docx))
    _docx_payload(scene, payload.replace("'", "&apos;"))
    messages, _ = run_case(scene, "docx", refused=True)
    assert any("不能访问" in m or "不允许" in m or "不能调用" in m for m in messages), messages


def test_word_table_placeholder_is_an_opaque_string(scene):
    # measuring the placeholder is all a template can do with it: it is a string, not an object
    _docx_payload(scene, "{{ title }}【{{ sections[1].table|length }}】")
    messages, text = run_case(scene, "docx", refused=False)
    assert messages == []
    doc = Document(io.BytesIO((scene.out / "report.docx").read_bytes()))
    title = doc.paragraphs[0].text
    assert title.endswith("】") and title.split("【")[1].rstrip("】").isdigit()
    assert len(doc.tables) == 3 and "nianbao-table" not in text  # the tables are in, the markers gone


def test_word_template_loop_bomb(scene):
    _docx_payload(scene, "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}")
    messages, _ = run_case(scene, "docx", refused=True)
    assert any("秒" in m for m in messages)


def _macro_docx(scene: Scene) -> None:
    types = '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    _edit_docx(
        scene.fmt / "report.docx",
        {
            "[Content_Types].xml": lambda x: x.replace(
                "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"
            ).replace("</Types>", types),
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really a macro",
        },
    )


WORD_PACKAGE_CASES = {
    "docm-macros": (_macro_docx, "宏"),
    "linked-picture": (
        lambda s: _edit_docx(
            s.fmt / "report.docx",
            {
                "word/_rels/document.xml.rels": lambda x: x.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/image" Target="http://example.com/track.png" TargetMode="External"/>'
                    "</Relationships>",
                )
            },
        ),
        "外部",
    ),
    "attached-template-on-a-share": (
        lambda s: _edit_docx(
            s.fmt / "report.docx",
            {
                "word/_rels/settings.xml.rels": (
                    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                    b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/attachedTemplate" Target="file://\\\\server\\share\\t.dotm"'
                    b' TargetMode="External"/></Relationships>'
                )
            },
        ),
        "外部",
    ),
    "embedded-object": (
        lambda s: _edit_docx(s.fmt / "report.docx", {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}),
        "嵌入",
    ),
    "includetext-field": (
        lambda s: _docx_payload(
            s,
            '{{ title }}</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            "<w:r><w:instrText>INCLUDE</w:instrText>"
            '</w:r><w:r><w:instrText>TEXT "C:\\\\secret.txt"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/>'
            "</w:r><w:r><w:t>",
        ),
        "INCLUDETEXT",
    ),
    "entity-bomb": (
        lambda s: _edit_docx(
            s.fmt / "report.docx",
            {
                "word/document.xml": lambda x: x.replace(
                    "<w:document ",
                    '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                    "<w:document ",
                )
            },
        ),
        "实体",
    ),
    "zip-bomb": (
        lambda s: _edit_docx(s.fmt / "report.docx", {"word/media/big.bin": b"\0" * 70_000_000}),
        "太大",
    ),
    "not-a-zip": (lambda s: (s.fmt / "report.docx").write_bytes(b"MZ\x90\x00 an executable"), "zip"),
}


@pytest.mark.parametrize("name", list(WORD_PACKAGE_CASES))
def test_hostile_word_package(scene, name):
    make, words = WORD_PACKAGE_CASES[name]
    make(scene)
    messages, _ = run_case(scene, "docx", refused=True)
    assert any(words in m for m in messages), messages


def test_the_default_limit_ends_a_loop_bomb(scene, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 5.0)
    (scene.fmt / "report.txt.j2").write_text(
        "{% for a in range(99999) %}{% for b in range(99999) %}{{ a }}{% endfor %}{% endfor %}\n", encoding="utf-8"
    )
    messages, _ = run_case(scene, "txt", refused=True)
    assert any("5 秒" in m for m in messages)
