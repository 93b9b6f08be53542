"""A customer's website on another origin: a plain page carrying Chatwoot's embed snippet, only its base URL and
website token changed (as a site moving to Chatlake would do)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SNIPPET = """<script>
  (function(d,t) {
    var BASE_URL="%(base_url)s";
    var g=d.createElement(t),s=d.getElementsByTagName(t)[0];
    g.src=BASE_URL+"/packs/js/sdk.js";
    g.defer = true;
    g.async = true;
    s.parentNode.insertBefore(g,s);
    g.onload=function(){
      window.chatwootSDK.run({
        websiteToken: '%(token)s',
        baseUrl: BASE_URL
      })
    }
  })(document,"script");
</script>"""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme Shop</title>
<script>
  window.chatwootSettings = %(settings)s;
  window.addEventListener("chatwoot:ready", function () { window.chatwootReady = true; });
</script>
</head>
<body><h1>Acme Shop</h1><p>Our products.</p>
%(snippet)s
</body></html>"""


class HostSite:
    """Serves the page at http://localhost:<port>/ while Chatlake is at http://127.0.0.1:<its port>: two origins."""

    def __init__(self, base_url: str, token: str, settings: str = "{}") -> None:
        body = (PAGE % {"settings": settings, "snippet": SNIPPET % {"base_url": base_url, "token": token}}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://localhost:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
