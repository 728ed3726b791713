"""WebSocket test server on Debian's python3-websockets (10.4), for the WebSocket tests.

Prints its port on the first line of stdout, then serves until killed. Paths:
  /echo             echoes every message (text stays text, binary stays binary)
  /headers          sends one text message: the request's X-Test header, then echoes
  /fragments        sends "ab"+"cd"+""+"ef" as one fragmented text message, then an empty text
                    message, an empty binary one, and a 3-part binary message; then echoes
  /close            closes at once with code 4001, reason "bye now"
  /close-empty      closes with a close frame without a code
  /abrupt           sends "hello", then drops the TCP connection without a close frame
  /flood?bytes=N    sends N bytes in 64 KiB binary messages as fast as the client takes them,
                    counting what it has sent; then closes with 1000
  /count            sends one text message: the bytes /flood has sent so far, then closes
  /ping             pings the client with payload "are you there" and sends "pong received"
                    once the pong came (or "no pong" after 5 s)
  /last-close?tag=T sends "CODE REASON" of the finished session whose URI had ?tag=T, or "none"
  /big?bytes=N      sends one binary message of N bytes, then echoes
The server offers the subprotocols "chat" and "superchat" and accepts any request path.
With --tls CERT KEY it serves wss.
"""
import asyncio
import ssl
import sys
import urllib.parse

import websockets

flooded = 0
closes = {}


async def handler(ws, path):
    global flooded
    url = urllib.parse.urlparse(path)
    query = urllib.parse.parse_qs(url.query)
    route = url.path
    try:
        if route == "/headers":
            await ws.send(ws.request_headers.get("X-Test", "missing"))
        elif route == "/fragments":
            await ws.send(["ab", "cd", "", "ef"])
            await ws.send("")
            await ws.send(b"")
            await ws.send([b"\x01", b"\x02\x03", b"\x04"])
        elif route == "/close":
            await ws.close(4001, "bye now")
            return
        elif route == "/close-empty":
            # A close frame with no payload: the RFC's "no status code".
            await ws.write_frame(True, websockets.frames.OP_CLOSE, b"")
            await asyncio.sleep(0.2)
            ws.transport.close()
            return
        elif route == "/abrupt":
            await ws.send("hello")
            await asyncio.sleep(0.1)
            ws.transport.abort()
            return
        elif route == "/flood":
            total = int(query.get("bytes", ["1073741824"])[0])
            chunk = bytes(65536)
            sent = 0
            while sent < total:
                n = min(len(chunk), total - sent)
                await ws.send(chunk[:n])
                sent += n
                flooded = sent
            await ws.close(1000, "flood done")
            return
        elif route == "/count":
            await ws.send(str(flooded))
            await ws.close(1000)
            return
        elif route == "/ping":
            waiter = await ws.ping(b"are you there")
            try:
                await asyncio.wait_for(waiter, 5)
                await ws.send("pong received")
            except asyncio.TimeoutError:
                await ws.send("no pong")
        elif route == "/last-close":
            await ws.send(closes.get(query.get("tag", [""])[0], "none"))
        elif route == "/big":
            await ws.send(bytes(int(query["bytes"][0])))
        async for message in ws:
            await ws.send(message)
    finally:
        if "tag" in query and route != "/last-close":
            await ws.wait_closed()
            closes[query["tag"][0]] = "%s %s" % (ws.close_code, ws.close_reason)


async def main():
    context = None
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
    async with websockets.serve(handler, "127.0.0.1", 0, ssl=context, max_size=None, max_queue=4,
                                subprotocols=["chat", "superchat"], ping_interval=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


asyncio.run(main())
