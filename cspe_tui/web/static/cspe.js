"use strict";
// The gateway's additions to textual-serve's page: the websocket address of this host,
// tappable keys an on-screen keyboard lacks (Esc, Tab, arrows, Ctrl), the reason a
// session ended, and a download link when the browser blocks the new tab.
(function () {
  const NativeSocket = window.WebSocket;
  let current = null;
  let ctrlArmed = false;
  let leaving = false;
  const KEYS = { escape: "\x1b", tab: "\t", up: "\x1b[A", down: "\x1b[B", enter: "\r" };

  function showCtrl() {
    const button = document.getElementById("ctrl");
    if (button) button.setAttribute("aria-pressed", ctrlArmed ? "true" : "false");
  }

  function withCtrl(data) {
    // ["stdin", "o"] becomes ["stdin", "\x0f"] when Ctrl was tapped first.
    if (!ctrlArmed || typeof data !== "string") return data;
    let message;
    try { message = JSON.parse(data); } catch (e) { return data; }
    if (message[0] !== "stdin" || typeof message[1] !== "string" || message[1].length !== 1) return data;
    const code = message[1].toUpperCase().charCodeAt(0);
    if (code < 64 || code > 95) return data;
    ctrlArmed = false;
    showCtrl();
    return JSON.stringify(["stdin", String.fromCharCode(code & 31)]);
  }

  function GatewaySocket(url, protocols) {
    const socket = protocols === undefined ? new NativeSocket(url) : new NativeSocket(url, protocols);
    const send = socket.send.bind(socket);
    socket.send = (data) => send(withCtrl(data));
    // Textual starts blurred and then hides the footer; a touch screen must see (and tap) its keys
    // before anyone focuses the terminal, so the app hears "focus" once its first frame is here.
    let greeted = false;
    socket.addEventListener("message", (event) => {
      if (!greeted && typeof event.data !== "string") {
        greeted = true;
        setTimeout(() => send(JSON.stringify(["focus"])), 100);
      }
    });
    socket.addEventListener("close", (event) => {
      const text = document.getElementById("gesloten-bericht");
      if (text && event.reason) text.textContent = event.reason;
      if (event.code === 4401 && !leaving) window.location.href = "/aanmelden?verlopen";
    });
    current = socket;
    return socket;
  }
  GatewaySocket.prototype = NativeSocket.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) GatewaySocket[name] = NativeSocket[name];
  window.WebSocket = GatewaySocket;

  const nativeOpen = window.open.bind(window);
  window.open = (url, target, features) => {
    const opened = nativeOpen(url, target, features);
    if (!opened && String(url).includes("/download/")) {
      // Opened without a tap (from the app), so the browser may block it: offer a link to tap.
      const link = document.createElement("a");
      link.href = url;
      link.textContent = "bestand " + (document.querySelectorAll("#download-links a").length + 1);
      link.addEventListener("click", () => link.remove());
      document.getElementById("download-links").append(link, " ");
      document.getElementById("download-melding").hidden = false;
    }
    return opened;
  };

  function focusTerminal() {
    const input = document.querySelector(".xterm-helper-textarea");
    if (input) input.focus();
  }

  function sendKey(data) {
    if (current && current.readyState === NativeSocket.OPEN) current.send(JSON.stringify(["stdin", data]));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const terminal = document.getElementById("terminal");
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    terminal.dataset.sessionWebsocketUrl = scheme + window.location.host + "/ws";
    for (const button of document.querySelectorAll("[data-toets]")) {
      button.addEventListener("click", () => { sendKey(KEYS[button.dataset.toets]); focusTerminal(); });
    }
    document.getElementById("ctrl").addEventListener("click", () => {
      ctrlArmed = !ctrlArmed;
      showCtrl();
      focusTerminal();
    });
    document.getElementById("afmelden").form.addEventListener("submit", () => { leaving = true; });
    document.getElementById("opnieuw").addEventListener("click", () => window.location.reload());
    document.getElementById("download-sluiten").addEventListener("click", () => {
      document.getElementById("download-melding").hidden = true;
      document.getElementById("download-links").replaceChildren();
    });
  });
})();
