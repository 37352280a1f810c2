// The side panel: fault switches for the simulated Vitec, and "Under huven" — the signed
// requests Slack sent the bot, the Web API calls the bot made and the bot's calls to Vitec with
// Vitec's answers, newest first. Only the newest entries of each kind come from the playground;
// the panel says how many it leaves out.

import { h } from "./dom.js";

const SWITCHES = [
  { name: "slow", label: "Vitec långsam", hint: "Bokningen tar 4 s – boten visar ”Bokar…” och svarar sedan." },
  { name: "down", label: "Vitec nere", hint: "Vitec svarar 503 på allt." },
  { name: "password", label: "Fel lösenord", hint: "Vitec godtar inte botens inloggning (401)." },
  { name: "full", label: "Fullbokad tid", hint: "Visningen av Götgatan 14 blir fullbokad." },
  {
    name: "odd",
    label: "Vitec i annan form",
    hint: "Svar i en annan form som Vitecs beskrivning tillåter (tal, objekt, utelämnade fält); Ringvägen 131 svarar 500.",
  },
  {
    name: "quiet",
    label: "Inga notiser",
    hint: "Vitec slutar skicka notiser till boten: bokningar gjorda på webben syns inte i kanalen.",
  },
];

const SOURCES = {
  slack: { label: "Slack → bot", short: "Slack", title: "Signerad begäran från Slack till boten" },
  api: { label: "bot → Slack", short: "Web API", title: "Anrop från boten till Slacks Web API" },
  vitec: { label: "bot → Vitec", short: "Vitec", title: "Botens anrop till Vitec, och Vitecs svar" },
};

const TABS = [
  { id: "all", label: "Allt" },
  { id: "slack", label: SOURCES.slack.label },
  { id: "api", label: SOURCES.api.label },
  { id: "vitec", label: SOURCES.vitec.label },
];

const COUNT = new Intl.NumberFormat("sv-SE");

// What the two halves of an entry's detail are, by source.
const DETAIL_LABELS = {
  slack: ["Payload", "Botens svar"],
  api: ["Argument", "Svar"],
  vitec: ["Body som boten skickade", "Vitecs svar"],
};

const TIME = new Intl.DateTimeFormat("sv-SE", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZone: "Europe/Stockholm",
});

function clock(epochSeconds) {
  const ms = Math.floor((epochSeconds % 1) * 1000);
  return `${TIME.format(new Date(epochSeconds * 1000))}.${String(ms).padStart(3, "0")}`;
}

function pretty(value) {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

export class Panel {
  constructor({ switchesRoot, tabsRoot, listRoot, countRoot, capRoot, api, onError }) {
    this.api = api;
    this.onError = onError;
    this.listRoot = listRoot;
    this.countRoot = countRoot;
    this.capRoot = capRoot;
    this.filter = "all";
    this.entries = [];
    this.totals = {};
    this.limit = 0;
    this.nodes = new Map();
    this.details = new Map();
    this.switchNodes = new Map();
    this.busy = new Set();
    this.flippedAt = 0;

    for (const s of SWITCHES) {
      const toggle = h(
        "button",
        {
          type: "button",
          class: "switch",
          role: "switch",
          "aria-checked": "false",
          "aria-describedby": `fault-hint-${s.name}`,
          dataset: { fault: s.name },
          onclick: () => this.flip(s.name),
        },
        h("span", { class: "switch-track" }, h("span", { class: "switch-thumb" })),
        h("span", { class: "switch-label" }, s.label),
      );
      this.switchNodes.set(s.name, toggle);
      switchesRoot.append(
        h("li", { class: "fault" }, toggle, h("p", { class: "fault-hint", id: `fault-hint-${s.name}` }, s.hint)),
      );
    }

    const webBooking = h(
      "button",
      {
        type: "button",
        class: "action-button",
        dataset: { testid: "web-booking" },
        onclick: () => this.bookFromWeb(),
      },
      "Webbokning på Götgatan 14",
    );
    switchesRoot.append(
      h(
        "li",
        { class: "fault" },
        webBooking,
        h(
          "p",
          { class: "fault-hint" },
          "Någon anmäler sig på kontorets webbplats. Vitec skickar en notis till boten, och kanaler som bevakar objektet (/visning bevaka Götgatan 14) får veta det.",
        ),
      ),
    );

    this.tabNodes = TABS.map((tab) =>
      h(
        "button",
        {
          type: "button",
          role: "tab",
          class: "tab",
          "aria-selected": tab.id === this.filter ? "true" : "false",
          dataset: { tab: tab.id },
          onclick: () => this.show(tab.id),
        },
        tab.label,
      ),
    );
    tabsRoot.append(...this.tabNodes);
  }

  show(filter) {
    this.filter = filter;
    this.tabNodes.forEach((t) => t.setAttribute("aria-selected", t.dataset.tab === filter ? "true" : "false"));
    this.renderList();
  }

  async bookFromWeb() {
    try {
      await this.api("/api/web-booking", {}, "POST");
    } catch (error) {
      this.onError(error.message);
    }
  }

  async flip(name) {
    const node = this.switchNodes.get(name);
    if (this.busy.has(name)) return;
    // While the change is on its way, polls leave this switch alone; the answer sets it.
    this.busy.add(name);
    node.classList.add("busy");
    const on = node.getAttribute("aria-checked") !== "true";
    try {
      const switches = await this.api("/api/faults", { [name]: on }, "PUT");
      this.busy.delete(name);
      this.flippedAt = performance.now();
      this.updateSwitches(switches);
    } catch (error) {
      this.onError(`Kunde inte ändra ”${name}”: ${error.message}`);
    } finally {
      this.busy.delete(name);
      node.classList.remove("busy");
    }
  }

  updateSwitches(switches) {
    for (const [name, node] of this.switchNodes) {
      if (this.busy.has(name)) continue;
      const on = Boolean(switches?.[name]);
      node.setAttribute("aria-checked", on ? "true" : "false");
      node.closest(".fault").classList.toggle("on", on);
    }
  }

  /** A log from `/api/log`; `askedAt` is when it was asked for (performance.now()). */
  update(log, askedAt) {
    // A log asked for before the last flip landed would show the switches as they were.
    if (askedAt >= this.flippedAt) this.updateSwitches(log.switches);
    this.entries = log.entries || [];
    this.totals = log.totals || {};
    this.limit = log.limit || this.entries.length;
    this.renderList();
  }

  renderList() {
    const all = this.filter === "all";
    const shown = this.entries.filter((e) => all || e.source === this.filter).slice(0, this.limit);
    const total = all
      ? Object.values(this.totals).reduce((sum, n) => sum + n, 0)
      : this.totals[this.filter] || 0;
    this.countRoot.textContent = COUNT.format(Math.max(total, shown.length));
    // Never silently: when older entries are left out, the panel says how many there are.
    this.capRoot.hidden = total <= shown.length;
    this.capRoot.textContent = `Visar de senaste ${COUNT.format(shown.length)} av ${COUNT.format(total)}; äldre visas inte.`;
    const keep = new Set();
    let previous = null;
    for (const entry of shown) {
      keep.add(entry.id);
      const signature = JSON.stringify([entry.status, entry.result, entry.ms, entry.ok, entry.pending, entry.title]);
      let known = this.nodes.get(entry.id);
      if (!known || known.signature !== signature) {
        const node = this.entryNode(entry, known?.node.querySelector("details")?.open);
        if (known) known.node.replaceWith(node);
        known = { node, signature };
        this.nodes.set(entry.id, known);
      }
      // Keep existing nodes (and any opened details) in place; only move what is out of order.
      const wanted = previous ? previous.nextSibling : this.listRoot.firstChild;
      if (wanted !== known.node) this.listRoot.insertBefore(known.node, wanted);
      previous = known.node;
    }
    for (const [id, known] of this.nodes) {
      if (!keep.has(id)) {
        known.node.remove();
        this.nodes.delete(id);
      }
    }
    if (!shown.length && !this.listRoot.querySelector(".log-empty")) {
      this.listRoot.append(
        h("li", { class: "log-empty" }, "Inget ännu. Skriv /visning i kanalen så syns varje steg här."),
      );
    } else if (shown.length) {
      this.listRoot.querySelector(".log-empty")?.remove();
    }
  }

  entryNode(entry, open) {
    const source = SOURCES[entry.source] || SOURCES.api;
    const status = entry.status ? String(entry.status) : entry.pending ? "…" : "–";
    const body = h("div", { class: "log-detail" });
    if (entry.lines?.length) {
      body.append(h("ul", { class: "log-lines" }, entry.lines.map((line) => h("li", {}, h("code", {}, line)))));
    }
    const more = h("div", { class: "log-more" });
    const details = h(
      "details",
      { open: Boolean(open) },
      // The summary carries what matters at a glance — including the masked credentials.
      h(
        "summary",
        {},
        h(
          "div",
          { class: "log-row" },
          h("span", { class: `log-source log-source-${entry.source}`, title: source.title }, entry.badge || source.short),
          h("span", { class: "log-title", title: entry.title }, entry.title),
          h("span", { class: `log-status ${entry.pending ? "pending" : entry.ok ? "ok" : "bad"}` }, status),
        ),
        h(
          "div",
          { class: "log-meta" },
          h("time", {}, clock(entry.at)),
          entry.ms !== null && entry.ms !== undefined
            ? h(
                "span",
                { class: "log-ms", title: entry.waited ? "Tiden boten väntade på Vitec: nät och Vitec tillsammans" : null },
                entry.waited ? `boten väntade ${COUNT.format(entry.ms)} ms` : `${COUNT.format(entry.ms)} ms`,
              )
            : null,
          entry.result && entry.result !== status ? h("span", { class: "log-result" }, entry.result) : null,
          entry.note ? h("code", { class: "log-note" }, entry.note) : null,
        ),
      ),
      body,
      more,
    );
    if (entry.detail) {
      const load = () => this.loadDetail(entry, more);
      details.addEventListener("toggle", () => details.open && load());
      if (open) load();
    }
    return h(
      "li",
      {
        class: `log-entry log-${entry.source}${entry.ok ? "" : " log-failed"}`,
        dataset: { logId: entry.id, source: entry.source, testid: "log-entry" },
      },
      details,
    );
  }

  answerText(entry, response) {
    if (entry.source !== "vitec") return response === null ? "(tomt – 200 OK)" : pretty(response);
    if (entry.pending) return "(boten väntar fortfarande)";
    if (response.failure) return `(inget svar: ${response.failure})`;
    const text = response.body === null ? "(tom body)" : pretty(response.body);
    return `HTTP ${response.status}\n${text}`;
  }

  async loadDetail(entry, body) {
    if (body.dataset.loaded) return;
    body.dataset.loaded = "1";
    body.append(h("div", { class: "log-detail-label" }, "Hämtar…"));
    try {
      // An entry still waiting for its answer is fetched again once it has one.
      const detail = (!entry.pending && this.details.get(entry.id)) || (await this.api(entry.detail));
      if (!entry.pending) this.details.set(entry.id, detail);
      const [asked, answered] = DETAIL_LABELS[entry.source] || DETAIL_LABELS.api;
      // A Vitec GET sends no body: only its answer is worth the space.
      const noBody = entry.source === "vitec" && detail.request === null;
      const parts = [
        noBody ? null : h("div", { class: "log-detail-label" }, asked),
        noBody ? null : h("pre", { class: "log-json", dataset: { testid: "log-request" } }, detail.request === null ? "(ingen)" : pretty(detail.request)),
        h("div", { class: "log-detail-label" }, answered),
        h("pre", { class: "log-json", dataset: { testid: "log-response" } }, this.answerText(entry, detail.response)),
      ];
      body.replaceChildren(...parts.filter(Boolean));
    } catch (error) {
      delete body.dataset.loaded;
      body.replaceChildren(h("div", { class: "log-detail-label" }, `Kunde inte hämta: ${error.message}`));
    }
  }
}

