"""Pages and servers the ingest tests build themselves: a news page with furniture, and a local HTTP server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STORY = [
    "The city council voted on Tuesday to close the old harbour bridge to all traffic from next month, "
    "after engineers found corrosion in three of its steel supports.",
    'Mayor Ana Ruiz said the decision was painful but unavoidable. "We cannot ask people to cross a bridge '
    'that our own engineers no longer trust," she told reporters outside the town hall.',
    "The bridge carries about 14,000 vehicles a day. A temporary ferry service will run every twenty minutes "
    "while the council seeks funding for repairs, which could cost as much as 40 million euros.",
    "Local businesses on the north bank warned that the closure could cut their trade by half during the "
    "summer season, when tourists usually arrive by car from the coast road.",
]


def news_page(
    title: str = "Council closes harbour bridge after corrosion found",
    site: str = "Harbour Gazette",
    published: str = "2024-03-05",
    author: str = "Maria Lopez",
    story: list[str] | None = None,
    charset: str = "utf-8",
) -> str:
    """A realistic article page: navigation, a teaser rail, a newsletter prompt, a footer, and the story."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in (story or STORY))
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="{charset}">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="og:url" content="https://www.harbourgazette.example/news/bridge">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T08:00:00Z">
<meta property="article:modified_time" content="2024-03-09T10:00:00Z">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{paragraphs}
<p>CLICK HERE TO GET THE HARBOUR GAZETTE APP</p>
</article>
<aside><h2>Most read</h2><ul>
<li><a href="/a">Fishermen protest new quotas</a></li><li><a href="/b">School wins robotics prize</a></li>
<li><a href="/c">Storm warning for the weekend</a></li></ul></aside>
</main>
<footer><p>Copyright 2024 Harbour Gazette. All rights reserved.</p></footer>
</body></html>"""


Handler = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def serve(routes: dict[str, Handler], host: str = "127.0.0.1") -> Iterator[str]:
    """A real HTTP server on ``host`` (a loopback address) in a thread; yields its base URL. Unknown paths
    answer 404."""

    class RequestHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = routes.get(self.path.split("?")[0])
            if route is None:
                self.send_error(404)
                return
            with suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), RequestHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def send(body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> Handler:
    def handle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return handle


def redirect(location: str, status: int = 302) -> Handler:
    def handle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return handle
