"""The sample-site server, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import email.utils
import gzip
import socket
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.demo import DemoServer, serve
from pipeline.demo.site import file_for
from pipeline.demo.templates import BASE_URL
from pipeline.parse import parse_page
from tests.demo.conftest import BuiltSite, fetch

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
REFERENCE_PATH = "/en/conditions/tacrolimus-oral-and-injection-lupus"


def locs(xml: bytes) -> list[str]:
    return [loc.text or "" for loc in ET.fromstring(xml).iter(f"{SITEMAP_NS}loc")]


# --- plain GET ----------------------------------------------------------------------------------


def test_serves_a_page_as_utf8_html_with_validators(server: DemoServer, site: BuiltSite) -> None:
    reply = fetch(server.url_for(REFERENCE_PATH))
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(reply.headers["Content-Length"]) == len(reply.body)
    etag = reply.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"'), "a strong ETag"
    modified = email.utils.parsedate_to_datetime(reply.headers["Last-Modified"])
    assert modified.date().isoformat() == site.manifest.reference.lastmod
    html = reply.body.decode("utf-8")
    assert BASE_URL not in html
    assert f'<link rel="canonical" href="{server.url}{REFERENCE_PATH}">' in html
    page = parse_page(reply.body, server.url_for(REFERENCE_PATH), content_type="text/html")
    assert page.title == "Tacrolimus for Lupus"
    assert page.related[0].url == server.url_for(
        "/en/conditions/tacrolimus-oral-and-injection-acne"
    )


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/sitemap-pages-1.xml", "application/xml"),
        ("/sitemap-pages-2.xml.gz", "application/gzip"),
        ("/en/conditions/", "text/html; charset=utf-8"),
        ("/en/conditions/page/2", "text/html; charset=utf-8"),
        ("/en/drugs/tacrolimus-oral-and-injection", "text/html; charset=utf-8"),
        ("/en/about-us", "text/html; charset=utf-8"),
        ("/", "text/html; charset=utf-8"),
        ("/static/css/main.css", "text/css; charset=utf-8"),
    ],
)
def test_content_types(server: DemoServer, path: str, content_type: str) -> None:
    reply = fetch(server.url_for(path))
    assert (reply.status, reply.headers["Content-Type"]) == (200, content_type)


def test_the_soft_404_answers_200(server: DemoServer, site: BuiltSite) -> None:
    reply = fetch(server.url_for(site.manifest.bad["soft_404"][0].path))
    assert reply.status == 200
    assert b"Page not found" in reply.body


@pytest.mark.parametrize(
    "path",
    [
        "/nope",
        "/en/conditions/nope-nothing",
        "/.manifest.json",
        "/en/../.manifest.json",
        "/%2e%2e/x",
    ],
)
def test_missing_paths_answer_404(server: DemoServer, path: str) -> None:
    reply = fetch(server.url_for(path))
    assert reply.status == 404
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"


def test_the_missing_bad_page_answers_404(server: DemoServer, site: BuiltSite) -> None:
    assert fetch(server.url_for(site.manifest.bad["missing"][0].path)).status == 404


def test_a_folder_without_its_slash_redirects(server: DemoServer) -> None:
    reply = fetch(server.url_for("/en/conditions"))
    assert reply.status == 301
    assert reply.headers["Location"] == server.url_for("/en/conditions/")


def test_query_strings_are_ignored(server: DemoServer) -> None:
    plain = fetch(server.url_for(REFERENCE_PATH))
    tracked = fetch(server.url_for(REFERENCE_PATH + "?utm_source=x"))
    assert tracked.body == plain.body


# --- conditional requests and HEAD --------------------------------------------------------------


def test_if_none_match_answers_304(server: DemoServer) -> None:
    url = server.url_for(REFERENCE_PATH)
    etag = fetch(url).headers["ETag"]
    again = fetch(url, headers={"If-None-Match": etag})
    assert (again.status, again.body, again.headers["ETag"]) == (304, b"", etag)
    assert fetch(url, headers={"If-None-Match": f'"other", W/{etag}'}).status == 304
    assert fetch(url, headers={"If-None-Match": "*"}).status == 304
    assert fetch(url, headers={"If-None-Match": '"stale"'}).status == 200


def test_if_modified_since_answers_304_unless_the_page_is_newer(server: DemoServer) -> None:
    url = server.url_for(REFERENCE_PATH)
    modified = fetch(url).headers["Last-Modified"]
    assert fetch(url, headers={"If-Modified-Since": modified}).status == 304
    later = "Wed, 01 Jan 2031 00:00:00 GMT"
    assert fetch(url, headers={"If-Modified-Since": later}).status == 304
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert fetch(url, headers={"If-Modified-Since": earlier}).status == 200
    assert fetch(url, headers={"If-Modified-Since": "garbage"}).status == 200


def test_if_none_match_wins_over_if_modified_since(server: DemoServer) -> None:
    url = server.url_for(REFERENCE_PATH)
    modified = fetch(url).headers["Last-Modified"]
    reply = fetch(url, headers={"If-None-Match": '"stale"', "If-Modified-Since": modified})
    assert reply.status == 200


def test_head_sends_the_headers_without_the_body(server: DemoServer) -> None:
    url = server.url_for(REFERENCE_PATH)
    got, head = fetch(url), fetch(url, method="HEAD")
    assert (head.status, head.body) == (200, b"")
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified"):
        assert head.headers[name] == got.headers[name]
    assert fetch(server.url_for("/nope"), method="HEAD").status == 404


# --- robots.txt and sitemaps --------------------------------------------------------------------


def test_robots_txt_names_the_sitemap_with_the_real_port(server: DemoServer) -> None:
    text = fetch(server.url_for("/robots.txt")).body.decode()
    assert "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n" in text
    assert f"Sitemap: {server.url}/sitemap.xml" in text
    assert f":{server.port}/" in text


def test_sitemaps_list_every_good_page_with_absolute_urls(
    server: DemoServer, site: BuiltSite
) -> None:
    index = fetch(server.url_for("/sitemap.xml"))
    root = ET.fromstring(index.body)
    assert root.tag == f"{SITEMAP_NS}sitemapindex"
    maps = locs(index.body)
    assert maps == [
        server.url_for("/sitemap-pages-1.xml"),
        server.url_for("/sitemap-pages-2.xml.gz"),
    ]
    listed: list[str] = []
    for url in maps:
        reply = fetch(url)
        assert reply.status == 200
        body = gzip.decompress(reply.body) if url.endswith(".gz") else reply.body
        urlset = ET.fromstring(body)
        assert urlset.tag == f"{SITEMAP_NS}urlset"
        for entry in urlset.iter(f"{SITEMAP_NS}url"):
            assert entry.findtext(f"{SITEMAP_NS}lastmod")
        listed += locs(body)
    assert all(url.startswith(f"http://127.0.0.1:{server.port}/") for url in listed)
    paths = {url.removeprefix(server.url) for url in listed}
    assert site.manifest.good_paths <= paths
    assert len(listed) == len(paths)


def test_the_gzip_sitemap_is_gzip_on_the_wire(server: DemoServer) -> None:
    reply = fetch(server.url_for("/sitemap-pages-2.xml.gz"))
    assert reply.body[:2] == b"\x1f\x8b"
    assert reply.headers.get("Content-Encoding") is None
    xml = gzip.decompress(reply.body).decode()
    assert BASE_URL not in xml
    assert f"<loc>{server.url}/en/conditions/" in xml
    assert fetch(server.url_for("/sitemap-pages-2.xml.gz")).headers["ETag"] == reply.headers["ETag"]


# --- changing pages between crawls --------------------------------------------------------------


def test_replace_serves_new_content_with_new_validators(server: DemoServer) -> None:
    url = server.url_for(REFERENCE_PATH)
    before = fetch(url)
    server.replace(REFERENCE_PATH, f"<html><body><h1>Changed</h1>{BASE_URL}</body></html>")
    after = fetch(url)
    assert after.status == 200
    assert after.body == f"<html><body><h1>Changed</h1>{server.url}</body></html>".encode()
    assert after.headers["Content-Type"] == "text/html; charset=utf-8"
    assert after.headers["ETag"] != before.headers["ETag"]
    old_date = email.utils.parsedate_to_datetime(before.headers["Last-Modified"])
    new_date = email.utils.parsedate_to_datetime(after.headers["Last-Modified"])
    assert new_date > old_date
    assert fetch(url, headers={"If-None-Match": before.headers["ETag"]}).status == 200
    assert fetch(url, headers={"If-Modified-Since": before.headers["Last-Modified"]}).status == 200
    assert fetch(url, headers={"If-None-Match": after.headers["ETag"]}).status == 304


def test_replacing_twice_in_a_second_still_moves_last_modified(server: DemoServer) -> None:
    url = server.url_for(REFERENCE_PATH)
    server.replace(REFERENCE_PATH, "<p>one</p>")
    first = fetch(url).headers["Last-Modified"]
    server.replace(REFERENCE_PATH, "<p>two</p>")
    assert fetch(url, headers={"If-Modified-Since": first}).status == 200


def test_remove_and_restore(server: DemoServer, site: BuiltSite) -> None:
    url = server.url_for(REFERENCE_PATH)
    etag = fetch(url).headers["ETag"]
    server.remove(REFERENCE_PATH)
    assert fetch(url).status == 404
    server.restore(REFERENCE_PATH)
    assert fetch(url).headers["ETag"] == etag
    assert file_for(site.root, REFERENCE_PATH).is_file(), "the files are never touched"


def test_replace_can_add_a_page(server: DemoServer) -> None:
    server.replace("/en/conditions/new-drug-new-condition", b"<h1>New</h1>")
    assert fetch(server.url_for("/en/conditions/new-drug-new-condition")).body == b"<h1>New</h1>"
    with pytest.raises(ValueError, match="not a path"):
        server.replace("../outside", "x")


# --- the server itself --------------------------------------------------------------------------


def test_records_every_request(server: DemoServer) -> None:
    fetch(server.url_for("/robots.txt"), headers={"User-Agent": "medscrape-test"})
    fetch(server.url_for("/nope"), method="HEAD")
    hits = [(h.method, h.path, h.status) for h in server.hits]
    assert hits == [("GET", "/robots.txt", 200), ("HEAD", "/nope", 404)]
    assert server.hits[0].user_agent == "medscrape-test"
    assert all(type(h.status) is int for h in server.hits)


def test_is_quiet(server: DemoServer, capfd: pytest.CaptureFixture[str]) -> None:
    fetch(server.url_for("/robots.txt"))
    fetch(server.url_for("/nope"))
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        raw.sendall(b"NONSENSE\r\n\r\n")
        raw.recv(1024)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        raw.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")  # and hang up unread
    fetch(server.url_for("/"))
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_answers_concurrent_requests(server: DemoServer, site: BuiltSite) -> None:
    paths = [p.path for p in site.manifest.pages[:24]]
    statuses: list[int] = []

    def get(path: str) -> None:
        statuses.append(fetch(server.url_for(path)).status)

    threads = [threading.Thread(target=get, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert statuses == [200] * len(paths)


def test_binds_the_loopback_address_only(site: BuiltSite) -> None:
    with pytest.raises(ValueError, match="only binds"):
        serve(site.root, host="0.0.0.0")
    with pytest.raises(ValueError, match="only binds"):
        serve(site.root, host="192.168.1.10")
    with serve(site.root, host="localhost") as server:
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert server._httpd.socket.getsockname()[0] == "127.0.0.1"


def test_refuses_a_missing_root(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        serve(tmp_path / "absent")


def test_stop_closes_the_port(site: BuiltSite) -> None:
    server = serve(site.root)
    assert fetch(server.url_for("/robots.txt")).status == 200
    server.stop()
    server.stop()  # twice is fine
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()


def test_a_given_port_is_used(site: BuiltSite) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with serve(site.root, port=port) as server:
        assert server.url == f"http://127.0.0.1:{port}"
        assert fetch(server.url_for("/robots.txt")).status == 200
