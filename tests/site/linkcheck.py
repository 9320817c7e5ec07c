#!/usr/bin/env python3
"""Every href and src of every .html file under SITE resolves to a file of
SITE (fragments to an id of that page); no absolute or network URL.
Prints each broken link and exits 1, else prints the counts."""
import html.parser
import os
import sys
import urllib.parse


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v is not None:
                self.links.append(v)
            if k == "id" and v:
                self.ids.add(v)


def main(root):
    root = os.path.abspath(root)
    pages, bad, nlinks = {}, [], 0
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".html"):
                p = Links()
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    p.feed(fh.read())
                pages[os.path.join(d, f)] = p
    for path, p in sorted(pages.items()):
        for link in p.links:
            nlinks += 1
            u = urllib.parse.urlsplit(link)
            if u.scheme or u.netloc or link.startswith("/"):
                bad.append((path, link, "not relative"))
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(path),
                                                   urllib.parse.unquote(u.path))) if u.path else path
            if not target.startswith(root + os.sep) or not os.path.isfile(target):
                bad.append((path, link, "no such file"))
            elif u.fragment and target.endswith(".html") and u.fragment not in pages[target].ids:
                bad.append((path, link, "no such id"))
    for path, link, why in bad:
        print(f"{os.path.relpath(path, root)}: {link}: {why}")
    if bad:
        return 1
    print(f"{len(pages)} pages, {nlinks} links, all resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
