"""The PDF renderer loads the project's static files and nothing else: no network, no other files."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

from documents.pdf import StaticOnlyFetcher, html_to_pdf, static_base_url


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def web_server():
    """A real HTTP server on loopback that records every request it gets."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"p { color: red }")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()


def test_the_renderer_never_reaches_the_network_or_other_files(web_server):
    base, requests = web_server
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/style.css"><link rel="stylesheet" href="file:///etc/passwd">'
        f'</head><body><img src="{base}/pixel.png"><img src="file:///etc/hostname"><p>Hello</p></body></html>'
    )

    data = html_to_pdf(html)

    assert "Hello" in pdf_text(data)
    assert requests == [], "the default fetcher would have asked the server for these"


def test_the_fetcher_refuses_anything_but_the_projects_static_files(web_server):
    base, requests = web_server
    fetcher = StaticOnlyFetcher()

    html_to_pdf(
        f'<html><head><link rel="stylesheet" href="css/pdf.css"></head><body><img src="{base}/x.png">'
        '<img src="file:///etc/hostname"><img src="../../etc/passwd"><p>Hello</p></body></html>',
        fetcher,
    )

    assert fetcher.asked[0] == static_base_url() + "css/pdf.css"
    outside = urljoin(static_base_url(), "../../etc/passwd")  # a relative path that climbs out of static/
    assert set(fetcher.refused) == {f"{base}/x.png", "file:///etc/hostname", outside}
    with pytest.raises(ValueError, match="Refused"):
        fetcher.fetch(f"{base}/x.png")
    response = fetcher.fetch(static_base_url() + "css/pdf.css")
    assert b"@page" in response.read()
    response.close()
    assert requests == []
