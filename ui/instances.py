"""Running copies of the app find each other: a second open of a draft brings its window forward.

Each process listens on a local socket named after the user and its process id; the lock file
of a draft (``forms.lock``) names the process that holds it, so the second copy knows whom to
ask. The message is the draft's path, and nothing else is ever read from the socket.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from forms.i18n import _

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: a draft's path, UTF-8; anything longer is not one
MAX_MESSAGE = 8192
WAIT_MS = 500


def server_name(pid: int) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the home folder tells users apart
        user = str(Path.home())
    tag = hashlib.sha256(user.encode("utf-8", "replace")).hexdigest()[:12]
    return f"nianbao-{tag}-{pid}"


class Listener(QObject):
    """This process's socket: a message naming the open draft brings the window forward."""

    #: the window was brought forward for another copy's open of its draft
    came_forward = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(os.getpid())
        QLocalServer.removeServer(name)  # a socket file left by a crashed process of the same id
        self.listening = self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.read(MAX_MESSAGE + 1).data())
        socket.disconnectFromServer()
        if len(data) > MAX_MESSAGE:
            return
        try:
            wanted = Path(data.decode("utf-8"))
        except UnicodeDecodeError:
            return
        window = self._window
        if window.doc is None or window.doc.path is None or not window._showing(wanted):
            return
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        QApplication.alert(window)  # where the system keeps another program from taking the focus
        self.came_forward.emit()


def bring_forward(pid: int | None, path: Path) -> str:
    """Ask the process holding ``path`` to show its window; what to tell the clerk ("" if it cannot)."""
    if pid is None or pid == os.getpid():
        return ""
    socket = QLocalSocket()
    socket.connectToServer(server_name(pid))
    if not socket.waitForConnected(WAIT_MS):
        return ""
    socket.write(str(Path(path).absolute()).encode("utf-8"))
    sent = socket.waitForBytesWritten(WAIT_MS)
    socket.disconnectFromServer()
    return _("已请那个窗口显示到最前面。") if sent else ""
