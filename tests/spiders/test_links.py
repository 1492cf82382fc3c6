"""The spider's cheap link scan finds what LinkExtractor would, for following drug pages."""

from __future__ import annotations

from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from spiders.meds import _hrefs

BODY = b"""<html><head><base href="https://meds.test/en/"></head><body>
<a href="conditions/tacrolimus-lupus">Tacrolimus for Lupus</a>
<a class="x" href='/en/conditions/tacrolimus-acne?ref=a&amp;b=1#top'>Acne</a>
<A HREF=conditions/tacrolimus-eczema>Eczema</A>
<a href="#reviews">Reviews</a> <a href="mailto:x@y.test">Mail</a>
<a href="javascript:void(0)">JS</a>
</body></html>"""


def test_hrefs_are_resolved_unescaped_and_stripped_of_fragments() -> None:
    response = HtmlResponse("https://meds.test/en/page", body=BODY)
    assert list(_hrefs(response)) == [
        "https://meds.test/en/conditions/tacrolimus-lupus",
        "https://meds.test/en/conditions/tacrolimus-acne?ref=a&b=1",
        "https://meds.test/en/conditions/tacrolimus-eczema",
    ]


def test_hrefs_agree_with_scrapys_link_extractor() -> None:
    response = HtmlResponse("https://meds.test/en/page", body=BODY)
    extracted = {link.url.split("#")[0] for link in LinkExtractor().extract_links(response)}
    assert set(_hrefs(response)) <= extracted
