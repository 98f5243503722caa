"""Client for the baytune HTTP API: standard library only (urllib, json), Python 3.8+.

    from baytune_client import BaytuneClient, BaytuneError
    client = BaytuneClient("http://127.0.0.1:8080", token=None, client_id="worker-1")
    study = client.create_study("demo", {"x": {"type": "float", "low": -5, "high": 5}}, load_if_exists=True)
    trial = client.ask(study["id"])[0]
    client.tell(study["id"], trial["id"], value=trial["params"]["x"] ** 2)

Several objectives and outcome constraints (see ``Objective`` and ``Constraint``):

    study = client.create_study("mo", space, objectives=[Objective("val_loss"), Objective("latency_ms")],
                                constraints=[Constraint("memory_mb", max=512)])
    client.tell(study["id"], trial["id"], values={"val_loss": 0.2, "latency_ms": 31, "memory_mb": 400})
    front = client.pareto(study["id"])   # feasible non-dominated COMPLETE trials

A ``study_id`` may be a study id or its name; a ``trial_id`` a trial id or its number in the study.
Every method returns the API's JSON bodies as dicts (see openapi.yaml). Errors are raised as
BaytuneError carrying the server's problem ``code``, ``status``, ``field`` and ``details``.
Calls are retried on 503 and on refused connections with exponential backoff; a call whose repeat
could act twice (create, delete, add_trial, ask without client_id) is retried only when the
server provably did not run it. With a ``client_id``, each ask carries a fresh ``request_key`` so a
retried ask returns the same trials, and an ask while that ``client_id`` still holds RUNNING trials
gets those back first (a restarted worker resumes its trial): give concurrent workers their own ids.
"""

import json
import math
import random
import socket
import time
import uuid
from urllib import error as urlerror
from urllib import parse, request

__all__ = ["BaytuneClient", "BaytuneError", "Objective", "Constraint"]

_API = "/api/v1/studies"
_MAX_BACKOFF = 5.0


class BaytuneError(Exception):
    """A failed call: ``code`` is the stable problem code (or ``unreachable``, status 0)."""

    def __init__(self, code, status, message, field=None, details=None):
        super().__init__("%s (%s): %s" % (code, status, message))
        self.code = code
        self.status = status
        self.message = message
        self.field = field
        self.details = details or {}


class Objective:
    """One objective of a study: the metric ``name`` and its ``direction`` ("minimize" or "maximize")."""

    __slots__ = ("name", "direction")

    def __init__(self, name, direction="minimize"):
        self.name = name
        self.direction = direction

    def to_json(self):
        return {"name": self.name, "direction": self.direction}

    def __repr__(self):
        return "Objective(%r, %r)" % (self.name, self.direction)


class Constraint:
    """An outcome constraint: the metric ``name`` must be >= ``min`` and/or <= ``max`` (at least one)."""

    __slots__ = ("name", "min", "max")

    def __init__(self, name, min=None, max=None):  # noqa: A002 - the API's field names
        self.name = name
        self.min = min
        self.max = max

    def to_json(self):
        body = {"name": self.name}
        if self.min is not None:
            body["min"] = self.min
        if self.max is not None:
            body["max"] = self.max
        return body

    def __repr__(self):
        return "Constraint(%r, min=%r, max=%r)" % (self.name, self.min, self.max)


class _Retryable(Exception):
    """Internal: one attempt failed in a way that may be retried."""

    def __init__(self, cause, refused, delay=None):
        super().__init__(str(cause))
        self.cause = cause
        self.refused = refused
        self.delay = delay


class BaytuneClient:
    """Drives studies on a baytune server at ``url`` (such as ``http://127.0.0.1:8080``)."""

    def __init__(self, url, token=None, client_id=None, retries=4, backoff=0.2, timeout=60.0):
        self.url = url.rstrip("/")
        self.token = token
        self.client_id = client_id
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout

    # Studies
    def create_study(self, name, space, direction=None, sampler=None, pruner=None, load_if_exists=False,
                     objectives=None, constraints=None, **extra):
        """Creates a study; ``extra`` may hold user_attrs, lease_seconds, max_retry.

        ``direction`` ("minimize" when neither it nor ``objectives`` is given) is the shorthand for
        one objective named ``value``. ``objectives`` is a list of 1-4 ``Objective`` (or dicts
        ``{"name", "direction"}``); ``constraints`` a list of up to 8 ``Constraint`` (or dicts
        ``{"name", "min"?, "max"?}``). Giving both ``direction`` and ``objectives`` is a 400.
        With ``load_if_exists=True`` an existing study of that name is returned when it matches
        (same objectives and space; same sampler and pruner where given); otherwise BaytuneError
        ``study_exists`` whose ``details["differences"]`` names each difference.
        """
        body = dict(extra, name=name, space=space)
        if direction is not None or objectives is None:
            body["direction"] = direction or "minimize"
        if objectives is not None:
            body["objectives"] = [_as_json(o) for o in objectives]
        if constraints is not None:
            body["constraints"] = [_as_json(c) for c in constraints]
        if sampler is not None:
            body["sampler"] = sampler
        if pruner is not None:
            body["pruner"] = pruner
        if load_if_exists:
            body["load_if_exists"] = True
        return self._call("POST", _API, body, idempotent=load_if_exists)

    def patch_study(self, study_id, user_attrs):
        """Sets user attributes of a study; a None value removes the key."""
        return self._call("PATCH", _study(study_id), {"user_attrs": user_attrs})

    def get_notes(self, study_id):
        """The study's markdown notes: {"body", "version", "updated_at"}."""
        return self._call("GET", _study(study_id) + "/notes")

    def put_notes(self, study_id, body, version):
        """Replaces the notes when ``version`` is still the stored one (else BaytuneError notes_conflict)."""
        return self._call("PUT", _study(study_id) + "/notes", {"body": body, "version": version}, idempotent=False)

    def get_study(self, study_id):
        return self._call("GET", _study(study_id))

    def list_studies(self, max_pages=1000):
        """Every study, oldest first, following ``next_cursor`` (at most ``max_pages`` pages of 1000)."""
        studies, cursor = [], None
        for _ in range(max_pages):
            page = self._call("GET", _API + ("?" + parse.urlencode({"cursor": cursor}) if cursor else ""))
            studies.extend(page["studies"])
            cursor = page["next_cursor"]
            if not cursor:
                return studies
        raise RuntimeError("the study list did not end after %d pages" % max_pages)

    def delete_study(self, study_id):
        self._call("DELETE", _study(study_id), idempotent=False)

    # Trials
    def ask(self, study_id, count=1, client_id=None, request_key=None):
        """Returns a list of RUNNING trials to evaluate."""
        body = {"count": count}
        client_id = client_id or self.client_id
        if client_id is not None:
            body["client_id"] = client_id
            body["request_key"] = request_key or str(uuid.uuid4())
        keyed = "request_key" in body
        return self._call("POST", _study(study_id) + "/ask", body, idempotent=keyed)["trials"]

    def tell(self, study_id, trial_id, value=None, state="COMPLETE", reason=None, user_attrs=None, values=None):
        """Finishes a trial: ``value`` (one objective) or ``values`` for COMPLETE, or ``state="FAIL"`` / ``"PRUNED"``.

        ``values`` maps every objective and constraint name of the study to a finite number, such
        as ``{"val_loss": 0.21, "latency_ms": 31, "memory_mb": 400}``.
        """
        body = {"state": state}
        if value is not None:
            body["value"] = _finite(value)
        if values is not None:
            body["values"] = {name: _finite(v, "values." + name) for name, v in values.items()}
        if reason is not None:
            body["reason"] = reason
        if user_attrs is not None:
            body["user_attrs"] = user_attrs
        return self._call("POST", _trial(study_id, trial_id) + "/tell", body)

    def report(self, study_id, trial_id, step, value):
        """Records an intermediate value; returns True when the pruner says to stop."""
        body = {"step": step, "value": _finite(value)}
        return self._call("POST", _trial(study_id, trial_id) + "/report", body)["should_prune"]

    def heartbeat(self, study_id, trial_id):
        return self._call("POST", _trial(study_id, trial_id) + "/heartbeat")

    def add_trial(self, study_id, params, value=None, user_attrs=None):
        """Queues params (no value; may give only some, the sampler fills the rest) or records a finished trial (with value)."""
        body = {"params": params}
        if value is not None:
            body["value"] = _finite(value)
        if user_attrs is not None:
            body["user_attrs"] = user_attrs
        return self._call("POST", _study(study_id) + "/trials", body, idempotent=False)

    def get_trial(self, study_id, trial_id):
        return self._call("GET", _trial(study_id, trial_id))

    def patch_trial(self, study_id, trial_id, user_attrs):
        """Sets user attributes of a trial in any state; a None value removes the key."""
        return self._call("PATCH", _trial(study_id, trial_id), {"user_attrs": user_attrs})

    def best(self, study_id):
        """The best (feasible) COMPLETE trial, or None while there is none.

        A multi-objective study has no single best: BaytuneError ``multi_objective`` (use ``pareto``).
        """
        try:
            return self._call("GET", _study(study_id) + "/best")
        except BaytuneError as err:
            if err.code == "no_complete_trial":
                return None
            raise

    def pareto(self, study_id):
        """The feasible non-dominated COMPLETE trials, in number order (the best feasible trial(s) with one objective)."""
        return self._call("GET", _study(study_id) + "/pareto")["trials"]

    def trials(self, study_id, states=None, page_size=500):
        """Yields every trial (optionally only ``states``), in number order, page by page."""
        cursor = None
        while True:
            query = {"limit": str(page_size)}
            if states:
                query["state"] = ",".join(states)
            if cursor:
                query["cursor"] = cursor
            page = self._call("GET", _study(study_id) + "/trials?" + parse.urlencode(query))
            for trial in page["trials"]:
                yield trial
            cursor = page["next_cursor"]
            if not cursor:
                return

    # Transport
    def _call(self, method, path, body=None, idempotent=True):
        attempt = 0
        while True:
            try:
                return self._attempt(method, path, body)
            except _Retryable as failure:
                if attempt >= self.retries or not (idempotent or failure.refused):
                    if isinstance(failure.cause, BaytuneError):
                        raise failure.cause
                    raise BaytuneError("unreachable", 0, "cannot reach %s: %s" % (self.url, failure.cause))
                time.sleep(failure.delay or self._backoff(attempt))
                attempt += 1

    def _attempt(self, method, path, body):
        data = None if body is None else json.dumps(body, allow_nan=False).encode("utf-8")
        req = request.Request(self.url + path, data=data, method=method)
        req.add_header("Accept", "application/json, application/problem+json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", "Bearer " + self.token)
        try:
            with request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
                return json.loads(raw.decode("utf-8")) if raw else None
        except urlerror.HTTPError as err:
            problem = _problem(err)
            if err.code == 503:
                # A 503 means the server did not run the call: safe to repeat whatever it was.
                raise _Retryable(problem, refused=True, delay=_retry_after(err))
            raise problem
        except (urlerror.URLError, socket.timeout, ConnectionError) as err:
            reason = getattr(err, "reason", err)
            raise _Retryable(reason, refused=isinstance(reason, ConnectionRefusedError))

    def _backoff(self, attempt):
        step = min(_MAX_BACKOFF, self.backoff * (2 ** attempt))
        return step * (0.5 + random.random() / 2)


def _study(study_id):
    return _API + "/" + parse.quote(study_id, safe="")


def _trial(study_id, trial_id):
    return _study(study_id) + "/trials/" + parse.quote(str(trial_id), safe="")


def _finite(value, field="value"):
    value = float(value)
    if not math.isfinite(value):
        raise BaytuneError("invalid_value", 400, "%s must be a finite number, got %r" % (field, value), field=field)
    return value


def _as_json(spec):
    return spec.to_json() if isinstance(spec, (Objective, Constraint)) else spec


def _problem(err):
    text = err.read().decode("utf-8", "replace")
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("code"), str):
        return BaytuneError(body["code"], err.code, body.get("detail", body.get("title", "")),
                            body.get("field"), body.get("details"))
    return BaytuneError("internal", err.code, "HTTP %d: %s" % (err.code, text[:200]))


def _retry_after(err):
    try:
        return min(_MAX_BACKOFF, float(err.headers.get("Retry-After", "")))
    except ValueError:
        return None
