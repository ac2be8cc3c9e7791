"""Checks a person (or an auditor's tool) would make of a public page, run in a real browser."""

import gzip
import json
import subprocess
import tempfile
from pathlib import Path

import html5lib
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
TEXT_TYPES = ("text/html", "text/css", "javascript")


def axe_violations(page):
    """Run axe-core against the page's current state; return "rule: target" strings."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{violation['id']}: {node['target']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def horizontal_overflow(page):
    """Elements wider than the viewport, as "tag.class" strings; empty when the page reflows."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [];
            if (document.documentElement.scrollWidth > width) wide.push('document');
            for (const el of document.body.querySelectorAll('*')) {
                const box = el.getBoundingClientRect();
                if (box.width > 0 && box.right > width + 1) {
                    wide.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
                }
            }
            return wide;
        }"""
    )


def html_errors(markup):
    """Parse errors from a strict HTML5 parser; an empty list means well-formed HTML."""
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(markup)
    return [f"line {line}, col {col}: {code}" for (line, col), code, _ in parser.errors]


FOCUSABLE = (
    "a[href], area[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)


def vnu_errors(jar, documents):
    """Errors the Nu HTML Checker finds, by document name; `documents` maps names to markup.

    One Java process checks every document. Warnings and notes are not errors and are ignored.
    """
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (name, markup) in enumerate(documents.items()):
            path = Path(folder) / f"page-{number}.html"
            path.write_text(markup, encoding="utf-8")
            files[path.as_uri()] = name
        result = subprocess.run(
            [
                "java",
                "-Xss4m",
                "-jar",
                str(jar),
                "--format",
                "json",
                "--exit-zero-always",
                *[str(Path(folder) / f"page-{n}.html") for n in range(len(files))],
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    errors = {}
    for message in json.loads(result.stderr)["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = files.get(message.get("url"), message.get("url"))
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message.get('message')}"
            )
    return errors


def focus_walk(page, limit=300):
    """Tab through the page from the top.

    Returns (stops, expected): `stops` is one dict per Tab with the focused element's position
    among the page's visible focusable elements in document order (`index`), a short `label`, and
    whether its focused style differs visibly from its resting style (`visible`: an opaque outline,
    a box shadow or a new background colour); `expected` is how many such elements there are.
    """
    expected = page.evaluate(
        """(selector) => {
            const indicator = (style) => [style.outlineStyle, style.outlineWidth,
                style.outlineColor, style.boxShadow, style.backgroundColor].join('|');
            const all = [...document.querySelectorAll(selector)].filter((el) =>
                el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
            window.__focusables = all;
            window.__resting = all.map((el) => indicator(getComputedStyle(el)));
            return all.length;
        }""",
        FOCUSABLE,
    )
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            r"""() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const index = window.__focusables.indexOf(el);
                const opaque = (colour) => colour !== 'transparent'
                    && !/rgba\(.*, 0\)$/.test(colour);
                const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                    && opaque(style.outlineColor);
                const shadowed = style.boxShadow && style.boxShadow !== 'none';
                const now = [style.outlineStyle, style.outlineWidth, style.outlineColor,
                    style.boxShadow, style.backgroundColor].join('|');
                const changed = index < 0 || now !== window.__resting[index];
                const label = (el.getAttribute('aria-label') || el.textContent || el.value || '')
                    .trim().replace(/\s+/g, ' ').slice(0, 60);
                return {index, label: el.tagName.toLowerCase() + ':' + label,
                        visible: changed && (outlined || shadowed)};
            }"""
        )
        if stop is None or (stops and stop["index"] == stops[0]["index"]):
            break
        stops.append(stop)
    return stops, expected


class TransferLog:
    """Records what a page load fetched: compressed bytes of HTML, CSS and JS, and any hosts."""

    def __init__(self, page):
        self.responses = []
        page.on("response", lambda response: self.responses.append(response))

    def text_responses(self):
        """Responses holding HTML, CSS or JavaScript."""
        return [
            response
            for response in self.responses
            if any(kind in response.headers.get("content-type", "") for kind in TEXT_TYPES)
        ]

    def transferred_bytes(self):
        """Bytes the browser received for HTML, CSS and JS, headers included, as sent."""
        total = 0
        for response in self.text_responses():
            sizes = response.request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total

    def compressed_bytes(self):
        """HTML, CSS and JS bodies gzipped at level 6, as a compressing server or CDN sends them."""
        return sum(
            len(gzip.compress(response.body(), compresslevel=6))
            for response in self.text_responses()
        )

    def content_types(self):
        """The content type of every response, without parameters."""
        return [
            response.headers.get("content-type", "").split(";")[0] for response in self.responses
        ]

    def hosts(self):
        return {response.url.split("/")[2] for response in self.responses}
