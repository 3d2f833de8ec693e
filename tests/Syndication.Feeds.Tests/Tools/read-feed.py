# Reads feeds with Debian's python3-feedparser and prints what it understood as JSON (one object per file).
# Usage: /usr/bin/python3 read-feed.py <file>...
import json
import sys

import feedparser


def entry(e):
    return {
        "id": e.get("id"),
        "title": e.get("title"),
        "link": e.get("link"),
        "author": e.get("author"),
        "published": e.get("published"),
        "published_parsed": list(e.published_parsed[:6]) if e.get("published_parsed") else None,
        "updated_parsed": list(e.updated_parsed[:6]) if e.get("updated_parsed") else None,
        "tags": [t.get("term") for t in e.get("tags", [])],
        "summary": e.get("summary"),
        "content": [c.get("value") for c in e.get("content", [])],
        # RSS dc:language lands in "language"; Atom xml:lang on the entry shows on its text constructs.
        "language": e.get("language") or (e.get("title_detail") or {}).get("language"),
        "media": [m.get("url") for m in e.get("media_content", [])],
        "enclosures": [x.get("href") for x in e.get("enclosures", [])],
        "links": [{"rel": l.get("rel"), "href": l.get("href"), "hreflang": l.get("hreflang")} for l in e.get("links", [])],
    }


out = []
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    out.append({
        "file": path,
        "bozo": int(bool(d.bozo)),
        "bozo_exception": str(d.get("bozo_exception")) if d.bozo else None,
        "version": d.version,
        "title": d.feed.get("title"),
        "subtitle": d.feed.get("subtitle"),
        "language": d.feed.get("language"),
        "link": d.feed.get("link"),
        "links": [{"rel": l.get("rel"), "href": l.get("href")} for l in d.feed.get("links", [])],
        "entries": [entry(e) for e in d.entries],
    })
print(json.dumps(out, ensure_ascii=False))
