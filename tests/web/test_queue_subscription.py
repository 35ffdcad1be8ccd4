"""The queueChanges subscription over graphql-ws, against the real server: authenticated in connection_init,
fed from the database, and scoped to the viewer (an investigator hears only of tips referred to it)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection
from websockets.typing import Subprotocol

from graph.viewer import Role
from tests.conftest import token_for
from tests.web.conftest import Workbench
from tests.web.test_workbench import ACTIONABLE, QUEUE, REFER, graphql

SUBSCRIBE = "subscription { queueChanges { inQueue tip { id disposition referredTo } } }"


async def connect(workbench: Workbench, token: str | None) -> ClientConnection:
    url = workbench.url.replace("http://", "ws://") + "/graphql"
    socket = await websockets.connect(url, subprotocols=[Subprotocol("graphql-transport-ws")])
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
    return socket


async def subscribe(socket: ClientConnection) -> None:
    assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "connection_ack"
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))


async def next_tips(socket: ClientConnection, seconds: float) -> list[dict[str, Any]]:
    """The tips pushed within `seconds`."""
    tips: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    until = loop.time() + seconds
    while (left := until - loop.time()) > 0:
        try:
            message = json.loads(await asyncio.wait_for(socket.recv(), left))
        except TimeoutError:
            break
        assert message["type"] == "next", message
        tips.append(message["payload"]["data"]["queueChanges"]["tip"])
    return tips


async def test_a_connection_without_a_valid_token_is_refused(workbench: Workbench) -> None:
    for token in (None, "not-a-token"):
        socket = await connect(workbench, token)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_an_investigator_hears_only_of_tips_referred_to_its_agency(workbench: Workbench) -> None:
    queue = [e["node"]["id"] for e in graphql(workbench, QUEUE, {"first": 100})["triageQueue"]["edges"]]
    ours, theirs = queue[-3], queue[-4]
    assert graphql(workbench, ACTIONABLE, {"ids": [ours, theirs]})["setDisposition"]["problems"] == []
    socket = await connect(workbench, token_for(workbench.settings, Role.INVESTIGATOR, "ICAC-OH"))
    try:
        await subscribe(socket)
        await asyncio.sleep(1)  # the feed's poller starts from the moment of the first subscription
        assert graphql(workbench, REFER, {"ids": [theirs], "agency": "ICAC-TX-NORTH"})["referTips"]["changes"]
        assert graphql(workbench, REFER, {"ids": [ours], "agency": "ICAC-OH"})["referTips"]["changes"]
        pushed = await next_tips(socket, 3)
    finally:
        await socket.close()
    assert [tip["id"] for tip in pushed] == [ours]
    assert pushed[0]["referredTo"] == ["ICAC-OH"]
