"""The app's connections send a page's head and body at once (TCP_NODELAY), so a kept-alive
connection (nginx keeps its connections to the app alive) does not wait 40 ms per answer."""

from __future__ import annotations

import socket

from deploy.nodelay import set_nodelay_on_listeners


def test_a_listening_socket_bound_as_streamlit_binds_it_passes_nodelay_to_its_connections():
    listener = socket.socket(family=socket.AF_INET)  # protocol 0, as Streamlit binds it
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    client = socket.socket(family=socket.AF_INET)
    try:
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        assert set_nodelay_on_listeners() >= 1
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        client.connect(listener.getsockname())
        accepted, _address = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        client.close()
        listener.close()


def test_other_sockets_are_left_alone():
    """A connected (not listening) socket and a UDP socket keep their options."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener = socket.socket(family=socket.AF_INET)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    client = socket.socket(family=socket.AF_INET)
    try:
        client.connect(listener.getsockname())
        set_nodelay_on_listeners()
        assert client.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
    finally:
        client.close()
        listener.close()
        udp.close()
