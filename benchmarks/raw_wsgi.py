"""A raw WSGI app, no Django: the floor the load benchmark compares against
(``gunicorn benchmarks.raw_wsgi``)."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]
