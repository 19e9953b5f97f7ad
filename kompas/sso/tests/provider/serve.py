"""Run the test provider: ``python -m kompas.sso.tests.provider.serve PORT DATA_DIR REDIRECT_URI...``.

Sets up its own SQLite database, a signing key and the client "kompas" (secret
"kompas-test-secret") with the given redirect URIs, then serves on 127.0.0.1:PORT until killed.
"""

import io
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CLIENT_ID = "kompas"
CLIENT_SECRET = "kompas-test-secret"


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main():
    port, data, *redirect_uris = sys.argv[1:]
    os.makedirs(data, exist_ok=True)
    os.environ["PROVIDER_DATA"] = data
    os.environ["PROVIDER_URL"] = f"http://127.0.0.1:{port}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "kompas.sso.tests.provider.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    if not RSAKey.objects.exists():
        call_command("creatersakey", stdout=io.StringIO())
    client, _created = Client.objects.get_or_create(
        client_id=CLIENT_ID,
        defaults={"name": "Kompas", "client_secret": CLIENT_SECRET, "client_type": "confidential"},
    )
    client.client_secret = CLIENT_SECRET
    client.jwt_alg = "RS256"
    client.require_consent = False
    client.reuse_consent = True
    client.redirect_uris = list(redirect_uris)
    client.save()
    client.response_types.set(ResponseType.objects.filter(value="code"))

    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1",
        int(port),
        get_wsgi_application(),
        server_class=_Server,
        handler_class=_QuietHandler,
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
