"""A minimal Streamlit websocket client: what a browser tab sends and awaits, without the browser.

A browser tab of a Streamlit app loads ``index.html`` (and its cached JavaScript), opens one
websocket to ``/_stcore/stream``, and exchanges protobuf messages on it: it sends a
``BackMsg.rerun_script`` (the page, its query string and the values of its widgets) and the
server answers with ``ForwardMsg``s: ``new_session``, the page's elements (``delta``), and
``script_finished``. This client does exactly that, so a load test can run sixty visitors
from one process on a 2-core machine. It does not draw anything, run the frontend's
JavaScript or fetch the frontend bundle (a returning browser has it cached); the server
does all the work it does for a real tab.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class PageError(RuntimeError):
    """The page run ended with an exception shown to the visitor."""


@dataclass
class Widget:
    """A widget the last run drew: its id, type and label."""

    id: str
    kind: str
    label: str
    form_id: str = ""


@dataclass
class Run:
    """What one script run sent: texts, widgets, alerts, exceptions, component arguments."""

    texts: list[str] = field(default_factory=list)
    widgets: list[Widget] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    bytes_received: int = 0

    def widget(self, kind: str, label: str | None = None) -> Widget:
        for w in self.widgets:
            if w.kind == kind and (label is None or w.label == label):
                return w
        raise KeyError(f"no {kind} {label!r} among {[(w.kind, w.label) for w in self.widgets]}")

    def text(self) -> str:
        return "\n".join(self.texts + self.alerts)


def _read_element(element: Any, run: Run) -> None:
    kind = element.WhichOneof("type")
    if kind is None:
        return
    body = getattr(element, kind)
    if kind == "exception":
        run.exceptions.append(f"{body.type}: {body.message}")
        return
    if kind == "alert":
        run.alerts.append(body.body)
        return
    if kind in ("markdown", "heading", "text"):
        run.texts.append(body.body)
    if kind == "component_instance":
        try:
            run.components.append({"id": body.id, **json.loads(body.json_args or "{}")})
        except ValueError:
            run.components.append({"id": body.id})
    widget_id = getattr(body, "id", "") if hasattr(body, "id") else ""
    if widget_id and kind != "component_instance":
        label = getattr(body, "label", "") if hasattr(body, "label") else ""
        form_id = getattr(body, "form_id", "") if hasattr(body, "form_id") else ""
        run.widgets.append(Widget(widget_id, kind, label, form_id))
    elif kind == "component_instance":
        run.widgets.append(Widget(body.id, kind, body.component_name, body.form_id))


class StreamlitTab:
    """One browser tab: a websocket session on one page of the app.

    ``base_url`` is the proxy's (or a process's) address; ``cookies`` are sent on every
    request (the proxy's route cookie is kept from the first answer, as a browser does).
    """

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies = dict(cookies or {})
        self.ws: Any = None
        self.widget_values: dict[str, WidgetState] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def load_index(self) -> None:
        """GET the page's HTML as a browser's first request (keeps the route cookie)."""
        await asyncio.to_thread(self._get_index)

    def _get_index(self) -> None:
        import urllib.request

        headers = {"Cookie": self.cookie_header()}
        request = urllib.request.Request(f"{self.base_url}/", headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    async def connect(self, timeout: float = 30) -> None:
        url = self.base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.ws = await websockets.connect(
            url,
            subprotocols=["streamlit"],
            additional_headers={"Cookie": self.cookie_header(), "Origin": self.base_url},
            open_timeout=timeout,
            max_size=64 * 1024 * 1024,
            ping_interval=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def run_page(
        self,
        page: str,
        query: dict[str, str] | None = None,
        widgets: list[WidgetState] | None = None,
        timeout: float = 60,
    ) -> Run:
        """Ask for a run of ``page`` with ``widgets`` set; return what it drew.

        Raises ``PageError`` when the page shows an exception, ``TimeoutError`` when the run
        does not finish in time, and websockets' ``ConnectionClosed`` when the process goes.
        """
        for state in widgets or []:
            self.widget_values[state.id] = state
        message = BackMsg()
        client_state = message.rerun_script
        client_state.page_name = page
        client_state.query_string = urllib.parse.urlencode(query or {})
        client_state.context_info.url = f"{self.base_url}/{page}"
        client_state.context_info.locale = "zh-CN"
        client_state.context_info.timezone = "Asia/Shanghai"
        client_state.widget_states.widgets.extend(self.widget_values.values())
        await self.ws.send(message.SerializeToString())
        # Trigger values (buttons) count once: the browser sends them in one run only.
        for state in widgets or []:
            if state.WhichOneof("value") in ("trigger_value", "string_trigger_value"):
                self.widget_values.pop(state.id, None)
        run = Run()
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{page}: no script_finished in {timeout:.0f} s")
            data = await asyncio.wait_for(self.ws.recv(), remaining)
            run.bytes_received += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                run = Run(bytes_received=run.bytes_received)  # a rerun restarts the page
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                _read_element(msg.delta.new_element, run)
            elif kind == "script_finished":
                if msg.script_finished in FINISHED:
                    break
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    run = Run(bytes_received=run.bytes_received)
                    continue
                raise PageError(f"{page}: script finished with status {msg.script_finished}")
        if run.exceptions:
            raise PageError(f"{page}: " + "; ".join(run.exceptions)[:300])
        return run


def string_value(widget: Widget, value: str) -> WidgetState:
    state = WidgetState(id=widget.id)
    state.string_value = value
    return state


def json_value(widget: Widget, value: object) -> WidgetState:
    state = WidgetState(id=widget.id)
    state.json_value = json.dumps(value, ensure_ascii=False)
    return state


def bool_value(widget: Widget, value: bool) -> WidgetState:
    state = WidgetState(id=widget.id)
    state.bool_value = value
    return state


def trigger(widget: Widget) -> WidgetState:
    state = WidgetState(id=widget.id)
    state.trigger_value = True
    return state
