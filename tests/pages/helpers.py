"""Shared helpers for page tests: fetch public pages as text and read their JSON-LD."""

import html
import json
import re

TAG = re.compile(r"<[^>]+>")
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
PUNCTUATION_AFTER_SPACE = re.compile(r" ([,.;:])")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def visible_text(response):
    """The page's readable text: tags and scripts removed, entities decoded, spaces collapsed."""
    markup = SCRIPT.sub(" ", response.content.decode())
    text = " ".join(html.unescape(TAG.sub(" ", markup)).split())
    return PUNCTUATION_AFTER_SPACE.sub(r"\1", text)


def json_ld(response):
    """Every JSON-LD object on the page, parsed."""
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


def get_ok(client, url):
    """GET a public page and insist it rendered."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response
