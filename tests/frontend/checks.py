"""Checks a person (or an auditor's tool) would make of a public page, run in a real browser."""

import gzip

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


def focus_walk(page, limit=200):
    """Tab through the page; return (label, has_visible_indicator) for each focused element."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const outlined = style.outlineStyle !== 'none'
                    && parseFloat(style.outlineWidth) > 0;
                const shadowed = style.boxShadow && style.boxShadow !== 'none';
                const label = (el.getAttribute('aria-label') || el.textContent || el.value || '')
                    .trim().replace(/\\s+/g, ' ').slice(0, 60);
                const tag = el.tagName.toLowerCase();
                return {label: tag + ':' + label, visible: outlined || shadowed};
            }"""
        )
        if stop is None or (stops and stop["label"] == stops[0][0]):
            break
        stops.append((stop["label"], stop["visible"]))
    return stops


class TransferLog:
    """Records what a page load fetched: compressed bytes of HTML, CSS and JS, and any hosts."""

    def __init__(self, page):
        self.responses = []
        page.on("response", lambda response: self.responses.append(response))

    def compressed_bytes(self):
        total = 0
        for response in self.responses:
            content_type = response.headers.get("content-type", "")
            if any(kind in content_type for kind in TEXT_TYPES):
                total += len(gzip.compress(response.body(), compresslevel=6))
        return total

    def hosts(self):
        return {response.url.split("/")[2] for response in self.responses}
