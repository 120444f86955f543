"""Against a running bridge: BRIDGE_URL, and a webhook delivery the bridge
signed (WEBHOOK_SECRET, WEBHOOK_BODY, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE),
as bridge/test/bridge.test.ts passes them."""
import os
import time
import uuid

import pytest

from nondominium_bridge import BridgeClient, BridgeError, verify_webhook

URL = os.environ.get("BRIDGE_URL")
pytestmark = pytest.mark.skipif(not URL, reason="BRIDGE_URL not set: run through npm run test:bridge")


@pytest.fixture(scope="module")
def bridge():
    with BridgeClient(URL) as client:
        yield client


def test_health(bridge):
    assert bridge.health()["status"] == "healthy"


def test_resource_round_trip(bridge):
    spec = bridge.create_specification(f"Python drill {uuid.uuid4()}")
    created = bridge.create_resource(spec["actionHash"], 2, "unit", "python shelf")
    assert created["entry"]["current_location"] == "python shelf"
    got = bridge.get_resource(created["actionHash"])
    assert got["original_hash"] == created["actionHash"]
    page = bridge.search_resources(custodian=bridge.agent(), limit=100)
    assert created["actionHash"] in [i["original_hash"] for i in page["items"]]
    trail = bridge.events_by_resource(created["actionHash"])
    newest = bridge.events_by_resource_page(created["actionHash"], limit=5)
    assert [e["event_hash"] for e in newest["entries"]] == [e["event_hash"] for e in reversed(trail)][:5]


def test_errors(bridge):
    with pytest.raises(BridgeError) as bad:
        bridge.create_resource("uhCkkX", 1, "unit")
    assert bad.value.status == 400
    with pytest.raises(BridgeError) as gone:
        bridge.delete_resource(bridge.search_resources(limit=1)["items"][0]["original_hash"])
    assert gone.value.status == 405 and "REQ-RES-03" in gone.value.message
    with pytest.raises(BridgeError) as refused:
        spec = bridge.specifications()[0]["actionHash"]
        pending = bridge.create_resource(spec, 1, "unit")
        bridge.use_resource(pending["actionHash"], "too early")
    assert refused.value.status == 422 and "pending peer validation" in refused.value.message


def test_commitments_and_reputation(bridge):
    me = bridge.agent()
    assert isinstance(bridge.my_commitments()["proposed_to_me"], list)
    assert bridge.reputation_summary(me)["agent"] == me
    assert isinstance(bridge.reputation_receipts(me), list)
    statuses = [r["status"] for r in bridge.batch([{"method": "GET", "url": "/api/agent"}, {"method": "GET", "url": "/api/resources/search?limit=0"}])]
    assert statuses == [200, 400]


def test_webhook_signature():
    secret = os.environ["WEBHOOK_SECRET"]
    body = os.environ["WEBHOOK_BODY"].encode()
    headers = {"X-Nondominium-Timestamp": os.environ["WEBHOOK_TIMESTAMP"], "X-Nondominium-Signature": os.environ["WEBHOOK_SIGNATURE"]}
    assert verify_webhook(secret, body, headers).ok
    assert not verify_webhook(secret, body.replace(b'"type":"', b'"type":"X'), headers).ok
    replay = verify_webhook(secret, body, headers, now=time.time() + 600)
    assert not replay.ok and "replay window" in replay.reason
    assert not verify_webhook("another secret", body, headers).ok
