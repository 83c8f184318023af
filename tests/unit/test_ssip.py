"""The SSIP client (kiosk/core/ssip.py) against a tiny SSIP server on a real Unix socket, in a
thread of the test: what it sends (a dot doubled at a line's start), what it makes of multi-line
replies and of events between a command and its reply, and how a closed or silent server ends
the conversation. The real speech-dispatcher is in tests/gui/test_ssip_speech.py."""

from __future__ import annotations

import io
import json
import queue
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.cli.speech_worker import engine_for
from kiosk.core import ssip
from kiosk.core.ssip_worker import Worker, choose_voices, sentences, ssml

Answer = Callable[[str, bytes], bytes | None]  # (command line, SPEAK's data) → reply bytes


class Server:
    """Accepts one client and answers each command with `answer`; records what it was sent.
    SPEAK is answered 230, then its data is read up to the lone "." line."""

    def __init__(self, folder: Path, answer: Answer) -> None:
        self.address = ssip.Address(path=str(folder / "s.sock"))
        self.answer = answer
        self.commands: list[str] = []
        self.data: list[bytes] = []
        self.client: socket.socket | None = None
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.address.path)
        self.listener.listen(1)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        self.client = client
        buffer = b""
        while True:
            while b"\r\n" not in buffer:
                chunk = client.recv(4096)
                if not chunk:
                    return
                buffer += chunk
            line, buffer = buffer.split(b"\r\n", 1)
            command = line.decode()
            self.commands.append(command)
            data = b""
            if command == "SPEAK":
                client.sendall(b"230 OK RECEIVING DATA\r\n")
                while b"\r\n.\r\n" not in b"\r\n" + buffer:
                    buffer += client.recv(4096)
                end = (b"\r\n" + buffer).index(b"\r\n.\r\n")
                data, buffer = buffer[:end], buffer[end + 3:]
                self.data.append(data)
            reply = self.answer(command, data)
            if reply is None:  # hang up
                client.close()
                return
            client.sendall(reply)

    def close(self) -> None:
        self.listener.close()
        if self.client is not None:
            self.client.close()


@pytest.fixture
def serve() -> Iterator[Callable[[Answer], Server]]:
    folder = Path(tempfile.mkdtemp(prefix="ssip-"))  # short: a socket path has ~100 bytes
    servers: list[Server] = []

    def make(answer: Answer) -> Server:
        servers.append(Server(folder, answer))
        return servers[-1]

    yield make
    for server in servers:
        server.close()
    shutil.rmtree(folder, ignore_errors=True)


def ok(command: str, data: bytes) -> bytes:
    if command == "SPEAK":
        return b"225-7\r\n225 OK MESSAGE QUEUED\r\n"
    if command == "LIST SYNTHESIS_VOICES":
        return (b"249-English (Caribbean)\ten-029\tnone\r\n"
                b"249-English (Caribbean)+Adam\ten-029\tAdam\r\n"
                b"249-English (America)\ten-US\tnone\r\n"
                b"249-Spanish (Spain)\tes\tnone\r\n"
                b"249-Spanish (Latin America)\tes-419\tnone\r\n"
                b"249-German\tde\tnone\r\n"
                b"249 OK VOICE LIST SENT\r\n")
    return b"200 OK\r\n"


def connect(server: Server) -> tuple[ssip.Connection, queue.Queue[object]]:
    seen: queue.Queue[object] = queue.Queue()
    connection = ssip.connect(server.address, seen.put, lambda why: seen.put(("closed", why)),
                              spawn=False)
    return connection, seen


def test_text_is_framed_with_doubled_dots_and_the_message_id_comes_back(
    serve: Callable[[Answer], Server],
) -> None:
    """A line starting with "." is sent as ".." (else a lone "." would end the text early),
    lines end in CRLF whatever the text used, and the 225 reply's id is the message's."""
    server = serve(ok)
    connection, _ = connect(server)
    message = connection.speak("First line.\n.\n...and so on\r\nlast")
    connection.close()
    assert message == 7
    assert server.data == [b"First line.\r\n..\r\n....and so on\r\nlast\r\n"]


def test_a_multi_line_reply_is_read_whole(serve: Callable[[Answer], Server]) -> None:
    """The voice list comes as many `249-` lines and one `249 ` line: all of them, parsed."""
    server = serve(ok)
    connection, _ = connect(server)
    voices = connection.voices()
    connection.command("SET self LANGUAGE en")
    connection.close()
    assert [v.name for v in voices][:3] == ["English (Caribbean)", "English (Caribbean)+Adam",
                                           "English (America)"]
    assert voices[1] == ssip.Voice("English (Caribbean)+Adam", "en-029", "Adam")
    assert server.commands[-2:] == ["SET self LANGUAGE en", "QUIT"]


def test_events_between_a_command_and_its_reply_go_to_the_event_handler(
    serve: Callable[[Answer], Server],
) -> None:
    """An event block that arrives before a reply is an event, not the reply."""

    def answer(command: str, data: bytes) -> bytes:
        if command == "SPEAK":
            return (b"225-3\r\n225 OK MESSAGE QUEUED\r\n701-3\r\n701-1\r\n701 BEGIN\r\n"
                    b"700-3\r\n700-1\r\n700-2\r\n700 INDEX MARK\r\n")
        if command == "CANCEL self":
            return b"703-3\r\n703-1\r\n703 CANCELED\r\n213 OK CANCELED\r\n"
        return ok(command, data)

    connection, seen = connect(serve(answer))
    assert connection.speak("Hello.") == 3
    assert connection.command("CANCEL self").code == 213
    events = [seen.get(timeout=5) for _ in range(3)]
    connection.close()
    assert events == [ssip.Event("begin", 3), ssip.Event("index_mark", 3, "2"),
                      ssip.Event("cancel", 3)]


def test_an_error_reply_raises(serve: Callable[[Answer], Server]) -> None:
    connection, _ = connect(serve(lambda c, d: b"514 ERR PARAMETER INVALID\r\n"))
    with pytest.raises(ssip.SSIPError, match="514 ERR PARAMETER INVALID"):
        connection.command("GET SYNTHESIS_VOICE")
    connection.close()


def test_a_server_that_hangs_up_ends_the_conversation(serve: Callable[[Answer], Server]) -> None:
    """The connection's end is reported once, and no later command waits for an answer."""
    connection, seen = connect(serve(lambda c, d: None))
    with pytest.raises(ssip.SSIPError, match="closed the connection"):
        connection.command("SET self VOLUME 60")
    assert seen.get(timeout=5) == ("closed", "speech-dispatcher closed the connection")
    with pytest.raises(ssip.SSIPError, match="closed the connection"):
        connection.command("SET self VOLUME 60")
    connection.close()


def test_a_silent_server_is_given_up_on(serve: Callable[[Answer], Server]) -> None:
    """No answer by the deadline: an error, and the connection is not used again (a late answer
    would be taken for the next command's)."""
    connection, _ = connect(serve(lambda c, d: b""))
    with pytest.raises(ssip.SSIPError, match=r"no answer in 0\.2 s"):
        connection.command("SET self VOLUME 60", timeout=0.2)
    with pytest.raises(ssip.SSIPError, match="no answer"):
        connection.command("SET self VOLUME 60")
    connection.close()


def test_nothing_listening_and_no_spawn_is_no_server(tmp_path: Path) -> None:
    with pytest.raises(ssip.NoServerError) as raised:
        ssip.connect(ssip.Address(path=str(tmp_path / "none.sock")), print, print, spawn=False)
    assert not raised.value.final and "none.sock" in str(raised.value)


def test_the_socket_is_found_as_libspeechd_finds_it() -> None:
    assert ssip.address({"SPEECHD_ADDRESS": "unix_socket:/run/sd.sock"}).path == "/run/sd.sock"
    assert ssip.address({"SPEECHD_ADDRESS": "inet_socket:10.0.0.2:7000"}) == \
        ssip.Address(host="10.0.0.2", port=7000)
    assert ssip.address({"SPEECHD_ADDRESS": "inet_socket"}) == \
        ssip.Address(host="127.0.0.1", port=6560)
    assert ssip.address({"XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/home/k"}).path == \
        "/run/user/1000/speech-dispatcher/speechd.sock"
    assert ssip.address({"XDG_CACHE_HOME": "/c", "HOME": "/home/k"}).path == \
        "/c/speech-dispatcher/speechd.sock"
    assert ssip.address({"HOME": "/home/k"}).path == \
        "/home/k/.cache/speech-dispatcher/speechd.sock"


def test_american_english_and_latin_american_spanish_are_chosen() -> None:
    """Not espeak-ng's first-listed English (Caribbean), nor a variant; Spanish from Latin
    America before Spain's; any other language its own country's voice, else its first."""
    voices = ssip.parse_voices([
        "English (Caribbean)\ten-029\tnone", "English (Caribbean)+Adam\ten-029\tAdam",
        "English (Great Britain)\ten-GB\tnone", "English (America)\ten-US\tnone",
        "Spanish (Spain)\tes\tnone", "Spanish (Latin America)\tes-419\tnone",
        "French (Belgium)\tfr-BE\tnone", "French (France)\tfr-FR\tnone",
        "Welsh\tcy\tnone", "Klingon+Adam\tpiqd\tAdam"])
    chosen = {language: voice.name for language, voice in choose_voices(voices).items()}
    assert chosen == {"en": "English (America)", "es": "Spanish (Latin America)",
                      "fr": "French (France)", "cy": "Welsh"}
    spain_only = choose_voices(ssip.parse_voices(["Spanish (Spain)\tes\tnone"]))
    assert spain_only["es"].name == "Spanish (Spain)"


def test_text_becomes_marked_sentences() -> None:
    """Each sentence gets an index mark (numbered from where a resume starts), and the text's
    own <, > and & stay text."""
    parts = sentences("Title\nFirst one. Second one?  Third <one> & more…\n\nLast")
    assert parts == ["Title", "First one.", "Second one?", "Third <one> & more…", "Last"]
    assert ssml(parts[3:], 3) == ('<speak>\n<s><mark name="3"/>Third &lt;one&gt; &amp; more…'
                                  '</s>\n<s><mark name="4"/>Last</s>\n</speak>')


def test_the_platform_default_engine() -> None:
    """"" is SSIP on Linux with speech-dispatcher, else Qt's own; a named engine is kept."""
    assert engine_for("", "linux", has_speech_dispatcher=True) == "ssip"
    assert engine_for("", "linux", has_speech_dispatcher=False) == ""
    assert engine_for("", "win32", has_speech_dispatcher=True) == ""
    assert engine_for("speechd", "linux", has_speech_dispatcher=True) == "speechd"
    assert engine_for("ssip", "win32") == "ssip"


def test_resume_reads_again_from_the_sentence_that_was_paused(
    serve: Callable[[Answer], Server],
) -> None:
    """Pause cancels the speech (SSIP's PAUSE would wedge speech-dispatcher) and resume sends
    the text again from the last index mark reached: the sentence being read when paused."""

    def answer(command: str, data: bytes) -> bytes:
        if command == "SPEAK" and len(server.data) == 1:  # begins, and reaches sentence 2
            return (b"225-5\r\n225 OK MESSAGE QUEUED\r\n701-5\r\n701-1\r\n701 BEGIN\r\n"
                    b"700-5\r\n700-1\r\n700-2\r\n700 INDEX MARK\r\n")
        if command == "SPEAK":
            return b"225-6\r\n225 OK MESSAGE QUEUED\r\n701-6\r\n701-1\r\n701 BEGIN\r\n"
        return ok(command, data)

    server = serve(answer)
    out = io.BytesIO()
    worker = Worker(out, 0.8, server.address)
    worker.open()

    def handle_events(count: int) -> None:
        for _ in range(count):
            kind, event = worker.inbox.get(timeout=5)
            assert kind == "event"
            worker.on_event(event)

    worker.on_command({"cmd": "say", "text": "One. Two. Three. Four.", "lang": "en"})
    handle_events(2)
    worker.on_command({"cmd": "pause"})
    worker.on_command({"cmd": "resume"})
    handle_events(1)
    worker.close()
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert events[0]["voice_names"] == {"de": "German", "en": "English (America)",
                                        "es": "Spanish (Latin America)"}
    assert [e.get("state") for e in events[1:]] == ["speaking", "paused", "speaking"]
    assert server.commands[:5] == ["SET self CLIENT_NAME user:kiosk:read-aloud",
                                   "SET self NOTIFICATION ALL on", "SET self SSML_MODE on",
                                   "SET self VOLUME 60", "LIST OUTPUT_MODULES"]
    assert "CANCEL self" in server.commands
    assert "SET self SYNTHESIS_VOICE English (America)" in server.commands
    first, again = server.data
    assert b'<mark name="0"/>One.</s>' in first
    assert again.startswith(b'<speak>\r\n<s><mark name="2"/>Three.</s>\r\n')
    assert b"Two" not in again and b"Four" in again
