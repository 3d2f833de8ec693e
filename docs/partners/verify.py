"""Check a Syndication webhook (Standard Webhooks 1.0) with Python's standard library only."""
import base64
import hashlib
import hmac
import time

TOLERANCE_SECONDS = 5 * 60


def verify_webhook(secret, headers, body):
    """Raise ValueError unless the webhook is authentic and recent.

    secret:  the "whsec_..." string you were given
    headers: the request headers, with lower-case names
    body:    the raw request body as bytes, exactly as received (do not re-serialise the JSON)
    """
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not msg_id or not timestamp or not signatures:
        raise ValueError("missing webhook-id, webhook-timestamp or webhook-signature")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise ValueError("webhook-timestamp is not within five minutes of now")

    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()

    # During a key rotation the header holds several space-separated "v1,<base64>" signatures.
    for candidate in signatures.split(" "):
        version, _, signature = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return
    raise ValueError("no signature matches the secret")
