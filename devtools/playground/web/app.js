// The playground page: a small Slack for one workspace, driven through the fake Slack's client
// API. The page keeps no state of its own that matters — it renders the fake Slack's snapshot,
// polled twice a second and again after everything the person does.

import { clear, h, icon, initials } from "./dom.js";
import { button, renderBlocks } from "./blocks.js";
import { mrkdwn, textObject } from "./mrkdwn.js";
import { renderControl } from "./controls.js";
import { Panel } from "./panel.js";
import { setUpWorkspaces } from "./workspaces.js";

const CLIENT = "/slack/_client";
const POLL_MS = 500;
const BURST_POLL_MS = 120;
const BURST_MS = 2000;
const TEXT_DEBOUNCE_MS = 300;
const GROUP_SECONDS = 300;
const TOAST_MS = 6000;
const COMMAND = "/visning";
const DEFAULT_USER = "U0AGNETA";
const DEFAULT_CHANNEL = "C0VISNING";
const SLACKBOT = "USLACKBOT";

const page = {
  snapshot: null,
  generation: 0,
  logVersion: null,
  burstUntil: 0,
  me: DEFAULT_USER,
  channelId: DEFAULT_CHANNEL,
  /** "home" or "messages" while the person has the app open instead of a channel. */
  app: null,
  notes: [],
  seen: new Map(),
  messagesKey: null,
  sidebarKey: null,
  homeKey: null,
  /** When the app was last told the Home tab was opened, and whether it answered. */
  home: { askedAt: 0, failed: null },
};

const HOME_WAIT_MS = 4000;

const $ = (id) => document.getElementById(id);

// What Slack itself writes inside messages and modals follows each person's Slack language;
// the rest of the page is Swedish.
const SLACK_WORDS = {
  sv: { optional: "(valfritt)", onlyYou: "Endast synligt för dig", edited: "(redigerat)", cancel: "Avbryt", yes: "Ja" },
  en: { optional: "(optional)", onlyYou: "Only visible to you", edited: "(edited)", cancel: "Cancel", yes: "Yes" },
};

function slackWord(name) {
  const locale = page.snapshot?.users.find((u) => u.id === page.me)?.locale || "sv-SE";
  return (SLACK_WORDS[locale.slice(0, 2)] || SLACK_WORDS.sv)[name];
}

// --- talking to the playground ----------------------------------------------------------------

async function api(path, body, method) {
  const init = { cache: "no-store" };
  if (body !== undefined) {
    init.method = method || "POST";
    init.headers = { "Content-Type": "application/json" };
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) throw new Error((data && data.error) || `HTTP ${response.status}`);
  return data;
}

const client = (action, body) => api(`${CLIENT}/${action}`, body);

let refreshing = null;
let refreshAgain = false;

/** Fetch the snapshot and the log and render them; calls during a fetch fold into one more. */
function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    let snapshot;
    let log;
    const askedAt = performance.now();
    try {
      const version = encodeURIComponent(page.logVersion || "");
      [snapshot, log] = await Promise.all([api(`${CLIENT}/state`), api(`/api/log?version=${version}`)]);
    } catch {
      online(false);
      return;
    }
    online(true);
    page.snapshot = snapshot;
    page.generation += 1;
    render();
    if (!log.same) panel.update(log, askedAt);
    page.logVersion = log.version;
  })().finally(() => {
    refreshing = null;
    if (refreshAgain) {
      refreshAgain = false;
      refresh();
    }
  });
  return refreshing;
}

// The bot acknowledges at once and works afterwards: right after the person does something,
// look more often so its answer shows up as soon as it is there.
function soon() {
  page.burstUntil = Date.now() + BURST_MS;
  return refresh();
}

function poll() {
  refresh().finally(() => setTimeout(poll, Date.now() < page.burstUntil ? BURST_POLL_MS : POLL_MS));
}

function online(ok) {
  $("offline").hidden = ok;
}

let toastTimer = null;
function toast(text) {
  const node = $("toast");
  node.replaceChildren(icon("warning"), h("span", {}, text));
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (node.hidden = true), TOAST_MS);
}

// --- who is who -------------------------------------------------------------------------------

function person(id) {
  const snap = page.snapshot;
  if (id === snap?.app.bot_user_id) return { id, real_name: "Visningsbot", bot: true };
  if (id === SLACKBOT) return { id, real_name: "Slackbot", bot: true };
  return snap?.users.find((u) => u.id === id) || { id, real_name: id };
}

function channel(id) {
  return page.snapshot?.channels.find((c) => c.id === id) || null;
}

function channelLabel(c) {
  return c.is_im ? "Visningsbot" : c.name;
}

/** What mrkdwn needs to show mentions the way the current person sees them. */
function textContext() {
  return {
    me: page.me,
    userName: (id) => person(id).real_name,
    channelName: (id) => {
      const c = channel(id);
      return c ? channelLabel(c) : null;
    },
    onChannel: (id) => {
      const c = channel(id);
      if (c && c.members.includes(page.me)) openChannel(id);
    },
  };
}

function avatar(user, size = "") {
  const hue = [...user.id].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % 360;
  const node = h("div", { class: `avatar ${size} ${user.bot ? "avatar-bot" : ""}`.trim(), "aria-hidden": "true" });
  if (user.id === page.snapshot?.app.bot_user_id) node.append(h("span", {}, "V"));
  else if (user.id === SLACKBOT) {
    node.classList.add("avatar-slackbot");
    node.append(h("span", {}, "S"));
  }
  else {
    node.style.setProperty("--avatar-hue", String(hue));
    node.append(h("span", {}, initials(user.real_name)));
  }
  return node;
}

// --- sidebar ----------------------------------------------------------------------------------

function myChannels() {
  return page.snapshot.channels.filter((c) => c.members.includes(page.me));
}

function visibleMessages(channelId) {
  const messages = (page.snapshot.messages[channelId] || []).filter(
    (m) => m.ephemeral_to === null || m.ephemeral_to === page.me,
  );
  const notes = page.notes.filter((n) => n.channel === channelId && n.ephemeral_to === page.me);
  return [...messages, ...notes].sort((a, b) => Number(a.ts) - Number(b.ts));
}

function renderUsers() {
  const select = $("user-switcher");
  if (select.options.length) return;
  for (const user of page.snapshot.users) {
    select.append(h("option", { value: user.id }, `${user.real_name} · ${user.locale}`));
  }
  select.value = page.me;
}

function renderSidebar() {
  const mine = myChannels();
  const counts = mine.map((c) => visibleMessages(c.id).length);
  const key = JSON.stringify([page.me, page.channelId, page.app, mine.map((c) => c.id), counts, [...page.seen]]);
  if (key === page.sidebarKey) return;
  page.sidebarKey = key;
  const link = (c, count) => {
    const active = !page.app && c.id === page.channelId;
    const unread = !active && count > (page.seen.get(`${page.me}/${c.id}`) || 0);
    return h(
      "li",
      {},
      h(
        "button",
        {
          type: "button",
          class: `channel-link${active ? " active" : ""}${unread ? " unread" : ""}`,
          "aria-current": active ? "page" : null,
          dataset: { channelId: c.id, testid: "channel-link" },
          onclick: () => openChannel(c.id),
        },
        c.is_im ? avatar(person(page.snapshot.app.bot_user_id), "avatar-xs") : icon(c.is_private ? "lock" : "hash"),
        h("span", { class: "channel-name" }, channelLabel(c)),
        !c.is_im && !c.bot_is_member ? h("span", { class: "tag", title: "visningsbot är inte medlem här" }, "utan bot") : null,
        unread ? h("span", { class: "unread-dot", "aria-label": "olästa meddelanden" }) : null,
      ),
    );
  };
  clear($("channel-list")).append(...mine.filter((c) => !c.is_im).map((c) => link(c, counts[mine.indexOf(c)])));
  // The app itself: its Home tab, and its Messages tab where it writes to the person privately.
  const dm = channel(dmId());
  const unread = !page.app && dm && visibleMessages(dm.id).length > (page.seen.get(`${page.me}/${dm.id}`) || 0);
  clear($("dm-list")).append(
    h(
      "li",
      {},
      h(
        "button",
        {
          type: "button",
          class: `channel-link${page.app ? " active" : ""}${unread ? " unread" : ""}`,
          "aria-current": page.app ? "page" : null,
          dataset: { testid: "app-link" },
          onclick: () => openApp("home"),
        },
        avatar(person(page.snapshot.app.bot_user_id), "avatar-xs"),
        h("span", { class: "channel-name" }, "Visningsbot"),
        unread ? h("span", { class: "unread-dot", "aria-label": "olästa meddelanden" }) : null,
      ),
    ),
  );
}

/** The app's direct-message conversation with the person (its Messages tab). */
function dmId() {
  return `D${page.me.replace(/^U/, "")}`;
}

function openChannel(id) {
  page.app = null;
  page.channelId = id;
  page.messagesKey = null;
  page.sidebarKey = null;
  render();
  $("composer-input").focus();
}

/** Open one of the app's tabs; Slack tells the app each time (`app_home_opened`). */
async function openApp(tab) {
  page.app = tab;
  page.messagesKey = null;
  page.sidebarKey = null;
  page.homeKey = null;
  page.home = { askedAt: Date.now(), failed: null };
  render();
  try {
    const delivery = await client("home", { user_id: page.me, tab });
    if (delivery.outcome === "failed") page.home.failed = delivery.reason || "inget svar";
  } catch (error) {
    toast(error.message);
  } finally {
    page.homeKey = null;
    await soon();
  }
}

function switchUser(id) {
  page.me = id;
  page.messagesKey = null;
  page.sidebarKey = null;
  page.homeKey = null;
  page.modal.key = null;
  if (!channel(page.channelId)?.members.includes(id)) page.channelId = defaultChannel();
  render();
  if (page.app) openApp(page.app);
}

// --- the channel ------------------------------------------------------------------------------

const TIME = new Intl.DateTimeFormat("sv-SE", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Stockholm" });
const FULL_TIME = new Intl.DateTimeFormat("sv-SE", {
  dateStyle: "long",
  timeStyle: "medium",
  timeZone: "Europe/Stockholm",
});

const APP_TABS = [
  ["home", "Hem"],
  ["messages", "Meddelanden"],
];

function renderAppHeader() {
  $("channel-title").replaceChildren(avatar(person(page.snapshot.app.bot_user_id), "avatar-xs"), h("span", {}, "Visningsbot"));
  $("channel-meta").textContent = "App";
  $("channel-notice").hidden = true;
  const tabs = $("app-tabs");
  tabs.hidden = false;
  // Made once and only updated after: a tab replaced between a press and its release
  // would swallow the click.
  if (!tabs.childElementCount) {
    tabs.append(
      ...APP_TABS.map(([tab, label]) =>
        h(
          "button",
          {
            type: "button",
            role: "tab",
            class: "app-tab",
            dataset: { testid: "app-tab", tab },
            onclick: () => page.app !== tab && openApp(tab),
          },
          label,
        ),
      ),
    );
  }
  for (const node of tabs.children) node.setAttribute("aria-selected", page.app === node.dataset.tab ? "true" : "false");
  $("composer-input").placeholder = "Skriv /visning …";
}

function renderHeader() {
  $("app-tabs").hidden = true;
  const c = channel(page.channelId);
  const title = $("channel-title");
  title.replaceChildren(
    c.is_im ? avatar(person(page.snapshot.app.bot_user_id), "avatar-xs") : icon(c.is_private ? "lock" : "hash"),
    h("span", {}, channelLabel(c)),
  );
  const members = c.members.length + (c.bot_is_member ? 1 : 0);
  $("channel-meta").textContent = c.is_im ? "App" : `${members} medlemmar${c.bot_is_member ? " · visningsbot är med" : ""}`;
  const notice = $("channel-notice");
  notice.hidden = c.is_im || c.bot_is_member;
  notice.replaceChildren(
    icon("warning"),
    h("span", {}, `visningsbot är inte medlem i ${c.is_private ? "" : "#"}${c.name}. Prova /visning här ändå och se vad som händer.`),
  );
  $("composer-input").placeholder = c.is_im ? "Skriv /visning …" : `Skriv /visning i #${c.name} …`;
}

function renderMessages() {
  const list = $("messages");
  const messages = visibleMessages(page.channelId);
  page.seen.set(`${page.me}/${page.channelId}`, messages.length);
  const key = JSON.stringify([page.me, page.channelId, messages, page.snapshot.users.length]);
  if (key === page.messagesKey) return;
  const stick = page.messagesKey === null || list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  page.messagesKey = key;
  const c = channel(page.channelId);
  const nodes = [
    h(
      "div",
      { class: "channel-intro" },
      h("h2", {}, c.is_im ? "Visningsbot" : `${c.is_private ? "🔒" : "#"} ${c.name}`),
      h(
        "p",
        {},
        "Det här är början av kanalen. Skriv ",
        h("code", {}, COMMAND),
        " för att anmäla en kontakt till en visning, eller ",
        h("code", {}, `${COMMAND} hjälp`),
        ".",
      ),
    ),
  ];
  let previous = null;
  for (const message of messages) {
    const grouped =
      previous &&
      previous.user === message.user &&
      Boolean(previous.ephemeral_to) === Boolean(message.ephemeral_to) &&
      Number(message.ts) - Number(previous.ts) < GROUP_SECONDS;
    nodes.push(messageNode(message, grouped));
    previous = message;
  }
  list.replaceChildren(...nodes);
  if (stick) list.scrollTop = list.scrollHeight;
}

function messageNode(message, grouped) {
  const author = person(message.user);
  const when = new Date(Number(message.ts) * 1000);
  const ctx = {
    ...textContext(),
    element: (block, element) =>
      element.type === "button"
        ? button(block, element, (el, node) => clickButton(message, el, node))
        : h("span", { class: "blk-unsupported" }, `${element.type} visas inte i lekplatsen`),
  };
  const content = message.blocks?.length
    ? h("div", { class: "msg-blocks" }, renderBlocks(message.blocks, ctx))
    : h("div", { class: "msg-text" }, mrkdwn(message.text, ctx));
  return h(
    "article",
    {
      class: `msg${grouped ? " grouped" : ""}${message.ephemeral_to ? " ephemeral" : ""}`,
      dataset: { ts: message.ts, user: message.user, testid: "message", ephemeral: message.ephemeral_to ? "true" : null },
    },
    h(
      "div",
      { class: "msg-gutter" },
      grouped ? h("time", { class: "msg-hover-time", title: FULL_TIME.format(when) }, TIME.format(when)) : avatar(author),
    ),
    h(
      "div",
      { class: "msg-main" },
      grouped
        ? null
        : h(
            "div",
            { class: "msg-meta" },
            h("span", { class: "msg-author" }, author.real_name),
            author.bot ? h("span", { class: "app-badge" }, "APP") : null,
            h("time", { title: FULL_TIME.format(when) }, TIME.format(when)),
          ),
      message.thread_ts && message.thread_ts !== message.ts
        ? h("div", { class: "msg-thread-note", dataset: { testid: "thread-reply" } }, "↳ Svar i tråden")
        : null,
      content,
      message.edited ? h("span", { class: "msg-edited" }, slackWord("edited")) : null,
      message.ephemeral_to
        ? h("div", { class: "msg-ephemeral-note" }, icon("eye"), slackWord("onlyYou"))
        : null,
    ),
    moreActions(message),
  );
}

function shortcuts(type) {
  return (page.snapshot?.app.shortcuts || []).filter((s) => s.type === type);
}

/** A message's "more actions" menu: the app's message shortcuts (none on ephemeral messages). */
function moreActions(message) {
  const offered = shortcuts("message");
  if (!offered.length || message.ephemeral_to || message.local) return null;
  const more = h(
    "button",
    {
      type: "button",
      class: "icon-button msg-more",
      "aria-label": "Fler åtgärder",
      "aria-haspopup": "menu",
      dataset: { testid: "message-more" },
    },
    icon("more"),
  );
  more.addEventListener("click", () =>
    openMenu(
      more,
      offered.map((s) => ({
        label: s.name,
        detail: "visningsbot",
        run: () =>
          runShortcut("message_shortcut", {
            user_id: page.me,
            channel_id: message.channel,
            message_ts: message.ts,
            callback_id: s.callback_id,
          }),
      })),
    ),
  );
  return h("div", { class: "msg-actions" }, more);
}

async function runShortcut(action, body) {
  try {
    const delivery = await client(action, body);
    if (delivery.outcome === "failed") toast(delivery.error || "Appen svarade inte.");
  } catch (error) {
    toast(error.message);
  } finally {
    soon();
  }
}

let closeOpenMenu = null;

/** A small menu under `anchor`, as Slack shows shortcuts; closes on a pick, Escape or a click outside. */
function openMenu(anchor, items) {
  closeOpenMenu?.();
  const entries = items.map((item) =>
    h(
      "button",
      { type: "button", role: "menuitem", class: "menu-item", dataset: { testid: "menu-item" } },
      h("span", { class: "menu-item-label" }, item.label),
      item.detail ? h("span", { class: "menu-item-detail" }, item.detail) : null,
    ),
  );
  const menu = h("div", { class: "popup-menu", role: "menu", dataset: { testid: "menu" } }, entries);
  const box = anchor.getBoundingClientRect();
  menu.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - 300))}px`;
  const below = box.bottom + 4;
  if (below + 40 * items.length + 16 > window.innerHeight) menu.style.bottom = `${window.innerHeight - box.top + 4}px`;
  else menu.style.top = `${below}px`;
  const close = () => {
    menu.remove();
    document.removeEventListener("mousedown", outside, true);
    anchor.setAttribute("aria-expanded", "false");
    closeOpenMenu = null;
  };
  const outside = (event) => {
    if (!menu.contains(event.target) && !anchor.contains(event.target)) close();
  };
  entries.forEach((entry, i) =>
    entry.addEventListener("click", () => {
      close();
      items[i].run();
    }),
  );
  menu.addEventListener("keydown", (event) => {
    const at = entries.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      anchor.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      entries[(at + step + entries.length) % entries.length].focus();
    }
  });
  document.addEventListener("mousedown", outside, true);
  document.body.append(menu);
  anchor.setAttribute("aria-expanded", "true");
  closeOpenMenu = close;
  entries[0]?.focus();
}

// --- App Home ---------------------------------------------------------------------------------

function renderHome() {
  const root = $("home");
  const home = page.snapshot.homes[page.me] || null;
  const waiting = Date.now() - page.home.askedAt < HOME_WAIT_MS;
  const key = JSON.stringify([page.me, home?.id, home?.hash, waiting, page.home.failed]);
  if (key === page.homeKey) return;
  page.homeKey = key;
  if (!home) {
    let text = "Visningsbot har inte publicerat någon startsida här.";
    if (page.home.failed) text = `Visningsbot svarade inte på app_home_opened (${page.home.failed}).`;
    else if (waiting) text = "Hämtar visningsbots startsida …";
    root.replaceChildren(h("p", { class: "home-empty" }, text));
    return;
  }
  const env = controlsEnv(home.id);
  const ctx = {
    ...textContext(),
    element: (block, element) =>
      element.type === "button"
        ? button(block, element, (el, node) => pressButton(home.id, el, node))
        : renderControl(block, element, env, null),
  };
  root.replaceChildren(h("div", { class: "home-body", dataset: { viewId: home.id } }, renderBlocks(home.blocks, ctx)));
}

/** A button in a view (App Home or a modal): block_actions from the view. */
async function pressButton(viewId, element, node) {
  if (element.confirm && !(await confirmDialog(element.confirm))) return;
  if (element.url) window.open(element.url, "_blank", "noopener,noreferrer");
  node.disabled = true;
  node.classList.add("busy");
  try {
    await settle();
    const delivery = await client("press", { view_id: viewId, action_id: element.action_id });
    if (delivery.outcome === "failed") toast(delivery.error || "Appen svarade inte.");
  } catch (error) {
    toast(error.message);
  } finally {
    node.disabled = false;
    node.classList.remove("busy");
    soon();
  }
}

async function clickButton(message, element, node) {
  if (element.confirm && !(await confirmDialog(element.confirm))) return;
  if (element.url) window.open(element.url, "_blank", "noopener,noreferrer");
  node.disabled = true;
  node.classList.add("busy");
  try {
    const delivery = await client("click", {
      channel_id: message.channel,
      message_ts: message.ts,
      action_id: element.action_id,
      user_id: page.me,
    });
    if (delivery.outcome === "failed") toast(delivery.error || "Appen svarade inte.");
  } catch (error) {
    toast(error.message);
  } finally {
    node.disabled = false;
    node.classList.remove("busy");
    page.messagesKey = null;
    soon();
  }
}

function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const root = $("dialog-root");
    const done = (ok) => {
      root.replaceChildren();
      resolve(ok);
    };
    const yes = h(
      "button",
      {
        type: "button",
        class: `btn ${confirm.style === "danger" ? "btn-danger" : "btn-primary"}`,
        dataset: { testid: "confirm-yes" },
        onclick: () => done(true),
      },
      confirm.confirm ? textObject(confirm.confirm) : slackWord("yes"),
    );
    const no = h(
      "button",
      { type: "button", class: "btn", dataset: { testid: "confirm-no" }, onclick: () => done(false) },
      confirm.deny ? textObject(confirm.deny) : slackWord("cancel"),
    );
    const overlay = h(
      "div",
      { class: "overlay" },
      h(
        "div",
        { class: "dialog", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "confirm-title", dataset: { testid: "confirm" } },
        h("h2", { id: "confirm-title" }, textObject(confirm.title)),
        h("div", { class: "dialog-text" }, textObject(confirm.text, textContext())),
        h("div", { class: "dialog-actions" }, no, yes),
      ),
    );
    overlay.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        done(false);
      }
    });
    root.replaceChildren(overlay);
    yes.focus();
  });
}

// --- the composer -----------------------------------------------------------------------------

function note(text) {
  // Said by the page in Slackbot's voice, the way Slack answers what it cannot send.
  page.notes.push({
    channel: page.channelId,
    ts: String(Date.now() / 1000),
    text,
    blocks: [],
    user: SLACKBOT,
    ephemeral_to: page.me,
    edited: false,
    local: true,
  });
  page.messagesKey = null;
  render();
}

function renderCommandHint() {
  const input = $("composer-input");
  const hint = $("command-hint");
  const value = input.value;
  hint.hidden = !(value.startsWith("/") && !/\s/.test(value) && COMMAND.startsWith(value));
}

async function send() {
  const input = $("composer-input");
  const text = input.value.trim();
  if (!text) return;
  const match = /^(\/\S+)\s*([\s\S]*)$/.exec(text);
  input.value = "";
  renderCommandHint();
  if (!match) {
    note(`Här går bara snedstreckskommandon till boten. Skriv ${COMMAND} för att anmäla en kontakt till en visning.`);
    return;
  }
  const [, command, rest] = match;
  if (command !== COMMAND) {
    note(`${command} är inget kommando i den här arbetsytan. Prova ${COMMAND}.`);
    return;
  }
  const composer = $("composer");
  composer.classList.add("busy");
  try {
    await client("command", { user_id: page.me, channel_id: page.channelId, command, text: rest });
  } catch (error) {
    toast(error.message);
  } finally {
    composer.classList.remove("busy");
    soon();
  }
}

// --- modals -----------------------------------------------------------------------------------

page.modal = { key: null, viewId: null, banner: null, submitting: false, closing: new Set() };
const memories = new Map();
const drafts = new Map();
// What the person just picked, shown until a snapshot taken after the pick reached the fake
// Slack has come back: without it a poll racing the pick would show the old value again.
const picks = new Map();
const pendingTexts = new Map();
const inFlight = new Set();

function track(promise) {
  inFlight.add(promise);
  promise.finally(() => inFlight.delete(promise));
  return promise;
}

function sendText(key) {
  const pending = pendingTexts.get(key);
  if (!pending) return Promise.resolve();
  clearTimeout(pending.timer);
  pendingTexts.delete(key);
  return track(pending.send().catch((error) => toast(error.message)));
}

/** Everything the person typed or picked has reached the fake Slack. */
async function settle() {
  await Promise.all([...pendingTexts.keys()].map(sendText));
  await Promise.all([...inFlight]);
}

function openView(viewId) {
  const stack = page.snapshot?.modals[page.me] || [];
  const home = page.snapshot?.homes[page.me];
  return stack.find((v) => v.id === viewId) || (home?.id === viewId ? home : null);
}

function controlsEnv(viewId) {
  const key = (block, element) => `${viewId}/${block.block_id}/${element.action_id}`;
  const value = (block, element) => {
    const k = key(block, element);
    const pick = picks.get(k);
    if (pick && (pick.until === null || page.generation < pick.until)) return pick.value;
    picks.delete(k);
    return openView(viewId)?.state?.values?.[block.block_id]?.[element.action_id] || null;
  };
  return {
    key,
    value,
    memory: (k) => {
      if (!memories.has(k)) memories.set(k, {});
      return memories.get(k);
    },
    text: (block, element) => {
      const k = key(block, element);
      return drafts.has(k) ? drafts.get(k) : (value(block, element)?.value ?? "");
    },
    typed: (block, element, text) => {
      const k = key(block, element);
      drafts.set(k, text);
      const previous = pendingTexts.get(k);
      if (previous) clearTimeout(previous.timer);
      pendingTexts.set(k, {
        send: () => client("set", { view_id: viewId, action_id: element.action_id, value: text }),
        timer: setTimeout(() => sendText(k), TEXT_DEBOUNCE_MS),
      });
    },
    typedDone: (block, element) => sendText(key(block, element)),
    select: (block, element, picked, shown) => {
      const k = key(block, element);
      const pick = { value: shown, until: null };
      if (shown) picks.set(k, pick);
      return track(
        client("select", { view_id: viewId, action_id: element.action_id, value: picked })
          .then((delivery) => {
            if (delivery?.outcome === "failed") toast(delivery.error || "Appen svarade inte.");
          })
          .catch((error) => {
            picks.delete(k);
            toast(error.message);
          })
          .finally(() => {
            // Two snapshots on, one was certainly asked for after the pick was stored.
            pick.until = page.generation + 2;
            soon();
          }),
      );
    },
    suggest: async (block, element, query) => {
      try {
        const answer = await client("suggest", { view_id: viewId, action_id: element.action_id, value: query });
        return answer.options;
      } catch {
        return null;
      }
    },
    conversations: (filter) => {
      const include = filter?.include || ["public", "private", "im", "mpim"];
      return page.snapshot.channels.filter((c) => {
        if (c.is_im) return include.includes("im") && c.members.includes(page.me) && !filter?.exclude_bot_users;
        if (c.is_private) return include.includes("private") && c.members.includes(page.me);
        return include.includes("public");
      });
    },
    users: () => page.snapshot.users,
  };
}

function inputBlock(view, block, env) {
  const labelId = `label-${view.id}-${block.block_id}`;
  const error = view.errors?.[block.block_id];
  return h(
    "div",
    { class: `blk blk-input${error ? " has-error" : ""}`, dataset: { blockId: block.block_id } },
    h(
      "div",
      { class: "input-label", id: labelId },
      textObject(block.label),
      block.optional ? h("span", { class: "optional" }, ` ${slackWord("optional")}`) : null,
    ),
    renderControl(block, block.element, env, labelId),
    error ? h("div", { class: "input-error", role: "alert", dataset: { testid: "input-error" } }, error) : null,
    block.hint ? h("div", { class: "input-hint" }, textObject(block.hint)) : null,
  );
}

function modalNode(view, depth) {
  const env = controlsEnv(view.id);
  const ctx = {
    ...textContext(),
    input: (block) => inputBlock(view, block, env),
    element: (block, element) =>
      element.type === "button"
        ? button(block, element, (el, node) => pressButton(view.id, el, node))
        : renderControl(block, element, env, null),
  };
  const closeText = view.close ? textObject(view.close) : slackWord("cancel");
  const submitting = page.modal.submitting;
  const footer = h(
    "footer",
    { class: "modal-footer" },
    h("button", { type: "button", class: "btn", dataset: { testid: "modal-close" }, onclick: () => closeModal(view.id) }, closeText),
    view.submit
      ? h(
          "button",
          {
            type: "button",
            class: `btn btn-primary${submitting ? " busy" : ""}`,
            disabled: submitting,
            "aria-busy": submitting ? "true" : "false",
            dataset: { testid: "modal-submit" },
            onclick: () => submitModal(view.id),
          },
          textObject(view.submit),
        )
      : null,
  );
  const dialog = h(
    "div",
    {
      class: "modal",
      role: "dialog",
      tabindex: "-1",
      "aria-modal": "true",
      "aria-labelledby": "modal-title",
      dataset: { viewId: view.id, callbackId: view.callback_id, testid: "modal" },
    },
    h(
      "header",
      { class: "modal-header" },
      depth > 1
        ? h("button", { type: "button", class: "icon-button", "aria-label": "Tillbaka", onclick: () => closeModal(view.id) }, icon("back"))
        : null,
      avatar(person(page.snapshot.app.bot_user_id), "avatar-sm"),
      h("h2", { id: "modal-title", dataset: { testid: "modal-title" } }, textObject(view.title)),
      h(
        "button",
        { type: "button", class: "icon-button", "aria-label": "Stäng", onclick: () => closeModal(view.id) },
        icon("close"),
      ),
    ),
    h("div", { class: "modal-body" }, renderBlocks(view.blocks, ctx)),
    page.modal.banner ? h("div", { class: "modal-banner", role: "alert", dataset: { testid: "modal-banner" } }, icon("warning"), page.modal.banner) : null,
    footer,
  );
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.defaultPrevented) {
      event.preventDefault();
      closeModal(view.id);
    }
  });
  return h("div", { class: "overlay", dataset: { testid: "modal-overlay" } }, dialog);
}

function syncModal() {
  const root = $("modal-root");
  const held = page.snapshot.modals[page.me] || [];
  // A modal being closed is gone at once, as in Slack, though the fake Slack may not know yet.
  for (const id of page.modal.closing) if (!held.some((v) => v.id === id)) page.modal.closing.delete(id);
  const stack = held.filter((v) => !page.modal.closing.has(v.id));
  const top = stack[stack.length - 1];
  if (!top) {
    if (page.modal.viewId) root.replaceChildren();
    page.modal.key = null;
    page.modal.viewId = null;
    return;
  }
  const key = JSON.stringify([page.me, top.id, top.hash, top.errors, stack.length, page.modal.banner, page.modal.submitting]);
  if (key === page.modal.key) return;
  if (page.modal.viewId !== top.id) page.modal.banner = null;
  // Typing goes on across a re-render: keep the caret where it was.
  const focused = document.activeElement;
  const focusKey = root.contains(focused) && /^(INPUT|TEXTAREA)$/.test(focused.tagName) && focused.getAttribute("role") !== "combobox"
    ? focused.dataset.focusKey
    : null;
  const caret = focusKey ? [focused.selectionStart, focused.selectionEnd] : null;
  const scroll = root.querySelector(".modal-body")?.scrollTop || 0;
  const fresh = page.modal.viewId !== top.id;
  page.modal.key = key;
  page.modal.viewId = top.id;
  root.replaceChildren(modalNode(top, stack.length));
  const body = root.querySelector(".modal-body");
  if (!fresh && body) body.scrollTop = scroll;
  if (focusKey) {
    const again = [...root.querySelectorAll("[data-focus-key]")].find((n) => n.dataset.focusKey === focusKey);
    if (again) {
      again.focus();
      again.setSelectionRange?.(caret[0], caret[1]);
    }
  } else if (fresh) {
    root.querySelector(".modal")?.focus?.();
  }
}

async function submitModal(viewId) {
  if (page.modal.submitting) return;
  page.modal.submitting = true;
  syncModal();
  let banner = null;
  try {
    await settle();
    const delivery = await client("submit", { view_id: viewId });
    if (delivery.outcome === "failed") banner = delivery.error || "Appen svarade inte.";
  } catch (error) {
    banner = error.message;
  } finally {
    page.modal.submitting = false;
    page.modal.banner = banner;
    page.modal.key = null;
    await soon();
  }
}

async function closeModal(viewId) {
  page.modal.closing.add(viewId);
  page.modal.banner = null;
  syncModal();
  await settle();
  try {
    await client("close", { view_id: viewId });
  } catch (error) {
    page.modal.closing.delete(viewId);
    toast(error.message);
  }
  soon();
}

// --- putting it together ----------------------------------------------------------------------

/** A person of the workspace shown: the default one, or its first in another workspace. */
function fitToWorkspace() {
  const users = page.snapshot.users;
  if (!users.some((u) => u.id === page.me) && users.length) page.me = users[0].id;
}

/** The channel a person lands in: #visningar, or their first channel in another workspace. */
function defaultChannel() {
  if (channel(DEFAULT_CHANNEL)) return DEFAULT_CHANNEL;
  const mine = myChannels().filter((c) => !c.is_im);
  return (mine[0] || page.snapshot.channels[0])?.id || DEFAULT_CHANNEL;
}

function render() {
  if (!page.snapshot) return;
  fitToWorkspace();
  if (page.app === "messages") page.channelId = dmId();
  else if (!channel(page.channelId)) page.channelId = defaultChannel();
  $("workspace-name").textContent = page.snapshot.team.name;
  renderUsers();
  $("user-switcher").value = page.me;
  const home = page.app === "home";
  // The app's direct messages exist once Slack has opened them (the first app_home_opened).
  const noDm = page.app === "messages" && !channel(page.channelId);
  $("home").hidden = !home;
  $("messages").hidden = home;
  $("composer").hidden = home || noDm;
  $("shortcuts-button").hidden = !shortcuts("global").length;
  if (page.app) renderAppHeader();
  else renderHeader();
  if (home) renderHome();
  else if (noDm) renderNoDm();
  else renderMessages();
  renderSidebar();
  syncModal();
}

function renderNoDm() {
  page.messagesKey = null;
  $("messages").replaceChildren(
    h(
      "div",
      { class: "channel-intro" },
      h("h2", {}, "Visningsbot"),
      h("p", {}, "Här skriver visningsbot till dig när ett resultat inte kan visas någon annanstans."),
    ),
  );
}

const panel = new Panel({
  switchesRoot: $("fault-switches"),
  tabsRoot: $("log-tabs"),
  listRoot: $("log-list"),
  countRoot: $("log-count"),
  capRoot: $("log-cap"),
  api,
  onError: toast,
});

$("user-switcher").addEventListener("change", (event) => switchUser(event.target.value));
$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  send();
});
$("composer-input").addEventListener("keydown", (event) => {
  const hint = $("command-hint");
  if ((event.key === "Tab" || event.key === "Enter") && !hint.hidden && event.target.value !== COMMAND) {
    event.preventDefault();
    event.target.value = `${COMMAND} `;
    renderCommandHint();
    return;
  }
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    send();
  }
});
$("composer-input").addEventListener("input", renderCommandHint);
$("shortcuts-button").addEventListener("click", (event) =>
  openMenu(
    event.currentTarget,
    shortcuts("global").map((s) => ({
      label: s.name,
      detail: "visningsbot",
      run: () => runShortcut("shortcut", { user_id: page.me, callback_id: s.callback_id }),
    })),
  ),
);
$("command-hint").addEventListener("mousedown", (event) => {
  event.preventDefault();
  $("composer-input").value = `${COMMAND} `;
  renderCommandHint();
});

setUpWorkspaces({ api, onError: toast });
poll();
