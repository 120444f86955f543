"""Typed Python client of the nondominium REST bridge (spec §8.4).

Hashes are HoloHash base64 strings ("uhCkk…"); times are microseconds since
the epoch. Writes are queued by the bridge: each write method sends an
``Idempotency-Key`` (a new UUID unless given) and waits for the outcome
(``wait`` seconds, default 30), returning the result or raising
``BridgeError`` with the bridge's status and the zome's message.
"""
from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass
from typing import Any, Literal, Mapping, Optional, TypedDict

import httpx

__all__ = ["BridgeClient", "BridgeError", "verify_webhook", "sign_webhook", "WebhookVerdict", "Job"]

SIGNATURE_HEADER = "x-nondominium-signature"
TIMESTAMP_HEADER = "x-nondominium-timestamp"
DELIVERY_HEADER = "x-nondominium-delivery"


class BridgeError(Exception):
    """A refused request: ``status`` (400 input, 403/404/405/409, 422 refused by a zome, 503 conductor unreachable) and the bridge's message."""

    def __init__(self, status: int, message: str):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class Job(TypedDict, total=False):
    """``GET /api/jobs/{id}``: a queued write's state and, once settled, its result or error."""

    job_id: str
    operation: str
    state: Literal["waiting", "delayed", "active", "completed", "failed", "prioritized", "waiting-children", "unknown"]
    attempts: int
    result: Any
    error: dict


class Health(TypedDict):
    """``GET /health`` (spec §8.9 HealthStatus)."""

    status: Literal["healthy", "degraded", "unhealthy"]
    holochain: dict
    redis: dict
    queue: dict
    uptime: int
    version: str


class BridgeClient:
    """One bridge at ``base_url`` (e.g. ``http://127.0.0.1:8787``)."""

    def __init__(self, base_url: str, timeout: float = 60.0, client: Optional[httpx.Client] = None):
        self._http = client or httpx.Client(base_url=base_url, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "BridgeClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing --
    def _answer(self, res: httpx.Response) -> Any:
        body = res.json() if res.content else None
        if res.status_code >= 400:
            raise BridgeError(res.status_code, (body or {}).get("error", res.text) if isinstance(body, dict) else res.text)
        return body

    def _get(self, path: str, params: Optional[Mapping[str, Any]] = None) -> Any:
        return self._answer(self._http.get(path, params={k: v for k, v in (params or {}).items() if v is not None}))

    def _write(self, path: str, body: Mapping[str, Any], idempotency_key: Optional[str], wait: int) -> Any:
        headers = {"Idempotency-Key": idempotency_key or str(uuid.uuid4())}
        res = self._http.post(path, json=dict(body), headers=headers, params={"wait": wait} if wait else None)
        answer = self._answer(res)
        if res.status_code == 202:
            return self.wait_for_job(answer["job_id"])
        return answer

    def wait_for_job(self, job_id: str, timeout: float = 120.0) -> Any:
        """Polls a queued write until it settles; returns its result or raises ``BridgeError``."""
        deadline = time.monotonic() + timeout
        while True:
            job: Job = self._get(f"/api/jobs/{job_id}")
            if job["state"] == "completed":
                return job.get("result")
            if job["state"] == "failed":
                err = job.get("error") or {}
                raise BridgeError(int(err.get("status", 500)), str(err.get("error", "failed")))
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {job['state']}")
            time.sleep(0.1)

    # -- endpoints --
    def health(self) -> Health:
        res = self._http.get("/health")
        return res.json()

    def agent(self) -> str:
        """The agent key the bridge acts as."""
        return self._get("/api/agent")["agent"]

    def specifications(self) -> list[dict]:
        return self._get("/api/specifications")

    def create_specification(self, name: str, description: str = "", governance_rules: Optional[list[dict]] = None, *, idempotency_key: Optional[str] = None, wait: int = 30) -> dict:
        return self._write("/api/specifications", {"name": name, "description": description, "governance_rules": governance_rules or []}, idempotency_key, wait)

    def create_resource(self, spec_hash: str, quantity: float, unit: str, current_location: Optional[str] = None, *, idempotency_key: Optional[str] = None, wait: int = 30) -> dict:
        return self._write("/api/resources", {"spec_hash": spec_hash, "quantity": quantity, "unit": unit, "current_location": current_location}, idempotency_key, wait)

    def get_resource(self, resource_hash: str) -> dict:
        return self._get(f"/api/resources/{resource_hash}")

    def search_resources(self, *, spec_hash: Optional[str] = None, custodian: Optional[str] = None, validation: Optional[str] = None, text: Optional[str] = None, offset: int = 0, limit: int = 20) -> dict:
        return self._get("/api/resources/search", {"spec_hash": spec_hash, "custodian": custodian, "validation": validation, "text": text, "offset": offset, "limit": limit})

    def use_resource(self, resource_hash: str, note: Optional[str] = None, *, idempotency_key: Optional[str] = None, wait: int = 30) -> dict:
        return self._write(f"/api/resources/{resource_hash}/use", {"note": note}, idempotency_key, wait)

    def delete_resource(self, resource_hash: str) -> None:
        """Always refused (405): resources are never deleted (REQ-RES-03)."""
        self._answer(self._http.delete(f"/api/resources/{resource_hash}"))

    def record_event(self, event: Mapping[str, Any], *, idempotency_key: Optional[str] = None, wait: int = 30) -> dict:
        return self._write("/api/events", event, idempotency_key, wait)

    def events_by_resource(self, resource_hash: str) -> list[dict]:
        return self._get(f"/api/events/by-resource/{resource_hash}")

    def events_by_resource_page(self, resource_hash: str, *, limit: int = 20, before: Optional[str] = None) -> dict:
        """A page of the resource's audit trail, newest first: at most `limit` (1-100) entries before `before` (the previous page's `earlier`; None for the newest). Returns {"entries": [...], "earlier": str | None}."""
        return self._get(f"/api/events/by-resource/{resource_hash}/page", {"limit": limit, "before": before})

    def propose_commitment(self, commitment: Mapping[str, Any], *, idempotency_key: Optional[str] = None, wait: int = 30) -> dict:
        return self._write("/api/commitments", commitment, idempotency_key, wait)

    def my_commitments(self) -> dict:
        return self._get("/api/commitments")

    def get_commitment(self, commitment_hash: str) -> dict:
        return self._get(f"/api/commitments/{commitment_hash}")

    def decide_commitment(self, commitment_hash: str, decision: Literal["accept", "decline", "cancel"], note: Optional[str] = None, *, idempotency_key: Optional[str] = None, wait: int = 30) -> dict:
        return self._write(f"/api/commitments/{commitment_hash}/{decision}", {"note": note}, idempotency_key, wait)

    def claim_commitment(self, commitment_hash: str, resource_hash: Optional[str] = None, resource_quantity: Optional[float] = None, *, idempotency_key: Optional[str] = None, wait: int = 30) -> dict:
        return self._write(f"/api/commitments/{commitment_hash}/claim", {"resource_hash": resource_hash, "resource_quantity": resource_quantity}, idempotency_key, wait)

    def reputation_summary(self, agent: str) -> dict:
        return self._get(f"/api/reputation/{agent}/summary")

    def reputation_receipts(self, agent: str) -> list[dict]:
        return self._get(f"/api/reputation/{agent}/receipts")

    def batch(self, requests: list[dict]) -> list[dict]:
        return self._answer(self._http.post("/api/batch", json={"requests": requests}))["responses"]


@dataclass(frozen=True)
class WebhookVerdict:
    ok: bool
    reason: str = ""


def sign_webhook(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Nondominium-Signature`` value: ``sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>``."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_webhook(secret: str, body: bytes, headers: Mapping[str, str], tolerance_seconds: int = 300, now: Optional[float] = None) -> WebhookVerdict:
    """Verifies one webhook delivery as received (raw ``body`` bytes, the request's headers, any case).

    Refused when a header is missing, the timestamp is outside ``tolerance_seconds``
    of ``now`` (a replay), or the signature does not match (a tampered body).
    """
    lower = {k.lower(): v for k, v in headers.items()}
    ts, sig = lower.get(TIMESTAMP_HEADER), lower.get(SIGNATURE_HEADER)
    if not ts or not sig:
        return WebhookVerdict(False, "missing signature or timestamp header")
    try:
        t = int(ts)
    except ValueError:
        return WebhookVerdict(False, "timestamp is not unix seconds")
    if abs((time.time() if now is None else now) - t) > tolerance_seconds:
        return WebhookVerdict(False, f"timestamp outside the {tolerance_seconds} s replay window")
    if not hmac.compare_digest(sign_webhook(secret, t, body), sig):
        return WebhookVerdict(False, "signature does not match")
    return WebhookVerdict(True)
