"""HTTP server of the agency dashboard: routes, JSON helpers and request handling."""
import json
from http.server import BaseHTTPRequestHandler, HTTPServer

from backend.auth import authenticate_user, create_session, verify_session
from backend.models import Campaign, Creator

USERS = {}
CAMPAIGNS = {}
CREATORS = {}


def json_response(handler, status, payload):
    """Write a JSON body with the given HTTP status."""
    body = json.dumps(payload).encode("utf-8")
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def read_json(handler):
    """Read and decode the JSON request body."""
    length = int(handler.headers.get("Content-Length", 0))
    raw = handler.rfile.read(length) if length else b"{}"
    return json.loads(raw or b"{}")


def current_user(handler):
    """Return the user of the request's bearer session token, or None."""
    header = handler.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return verify_session(header[len("Bearer "):])


class DashboardHandler(BaseHTTPRequestHandler):
    """Routes: /login, /campaigns, /creators."""

    def do_POST(self):
        if self.path == "/login":
            return self.handle_login()
        if self.path == "/campaigns":
            return self.handle_create_campaign()
        json_response(self, 404, {"error": "not found"})

    def handle_login(self):
        """Authenticate a user and answer with a session token."""
        payload = read_json(self)
        user = authenticate_user(USERS, payload.get("username"), payload.get("password", ""))
        if user is None:
            return json_response(self, 401, {"error": "invalid credentials"})
        token = create_session(user)
        json_response(self, 200, {"token": token})

    def handle_create_campaign(self):
        """Create a campaign; only logged-in users may do so."""
        if current_user(self) is None:
            return json_response(self, 401, {"error": "login required"})
        payload = read_json(self)
        campaign = Campaign(name=payload["name"], budget_cents=int(payload["budget_cents"]))
        CAMPAIGNS[campaign.name] = campaign
        json_response(self, 201, {"name": campaign.name})

    def do_GET(self):
        if self.path == "/campaigns":
            names = sorted(CAMPAIGNS)
            return json_response(self, 200, {"campaigns": names})
        if self.path == "/creators":
            handles = sorted(CREATORS)
            return json_response(self, 200, {"creators": handles})
        json_response(self, 404, {"error": "not found"})


def register_creator(handle, followers=0):
    """Add a creator to the in-memory directory."""
    CREATORS[handle] = Creator(handle=handle, followers=followers)
    return CREATORS[handle]


def main(port=8080):
    """Start the dashboard HTTP server."""
    server = HTTPServer(("127.0.0.1", port), DashboardHandler)
    print(f"listening on {port}")
    server.serve_forever()


if __name__ == "__main__":
    main()
