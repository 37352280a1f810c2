// Slack's text objects as DOM: mrkdwn (bold, italic, strike, code, links, mentions, emoji,
// line breaks) and plain_text. Only text nodes and a fixed set of elements are produced.

import { h } from "./dom.js";

// The shortcodes the bot uses, and a few common ones people might type.
export const EMOJI = {
  white_check_mark: "✅",
  x: "❌",
  hourglass_flowing_sand: "⏳",
  warning: "⚠️",
  lock: "🔒",
  no_entry: "⛔",
  information_source: "ℹ️",
  grey_question: "❔",
  leftwards_arrow_with_hook: "↩️",
  house: "🏠",
  calendar: "📆",
  tada: "🎉",
  wave: "👋",
  "+1": "👍",
  thumbsup: "👍",
  eyes: "👀",
};

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
const MARKS = { "*": "strong", _: "em", "~": "del" };
const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** Slack escapes &, < and > in mrkdwn; these three are all it decodes. */
export function decode(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function withBreaks(text) {
  const nodes = [];
  text.split("\n").forEach((line, i) => {
    if (i > 0) nodes.push(h("br"));
    if (line) nodes.push(document.createTextNode(line));
  });
  return nodes;
}

function emojiNode(name) {
  return h("span", { class: "emoji", role: "img", "aria-label": name, title: `:${name}:` }, EMOJI[name]);
}

/** Where a `*`, `_` or `~` opened at `start` closes, or -1 when it is just a character. */
function closing(text, start, mark) {
  if (start > 0 && WORD.test(text[start - 1])) return -1;
  const first = text[start + 1];
  if (first === undefined || SPACE.test(first) || first === mark) return -1;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === "\n") return -1;
    if (c !== mark || j === start + 1) continue;
    if (SPACE.test(text[j - 1])) continue;
    const after = text[j + 1];
    if (after === undefined || !WORD.test(after)) return j;
  }
  return -1;
}

/** A `<…>` token: link, user or channel mention, special mention; null when it is not one. */
function angle(token, ctx) {
  const bar = token.indexOf("|");
  const target = bar >= 0 ? token.slice(0, bar) : token;
  const label = bar >= 0 ? decode(token.slice(bar + 1)) : null;
  if (/^@[UW][A-Z0-9]+$/.test(target)) {
    const id = target.slice(1);
    const name = ctx.userName?.(id) || label || id;
    const mine = id === ctx.me;
    return h("span", { class: mine ? "mention mention-me" : "mention", dataset: { userId: id } }, `@${name}`);
  }
  if (/^#[CGD][A-Z0-9]+$/.test(target)) {
    const id = target.slice(1);
    const name = ctx.channelName?.(id) || label || id;
    if (ctx.onChannel && ctx.channelName?.(id)) {
      return h(
        "button",
        { type: "button", class: "mention mention-channel", dataset: { channelId: id }, onclick: () => ctx.onChannel(id) },
        `#${name}`,
      );
    }
    return h("span", { class: "mention mention-channel", dataset: { channelId: id } }, `#${name}`);
  }
  if (/^!(here|channel|everyone)$/.test(target)) {
    return h("span", { class: "mention" }, `@${target.slice(1)}`);
  }
  if (/^!(date|subteam)\^/.test(target)) {
    return h("span", {}, label || target);
  }
  const url = decode(target);
  if (SAFE_URL.test(url)) {
    return h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label || url.replace(/^mailto:/i, ""));
  }
  return null;
}

function parse(text, ctx, depth) {
  const out = [];
  let plain = "";
  const flush = () => {
    if (plain) out.push(...withBreaks(decode(plain)));
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "`" && text.startsWith("```", i)) {
      const end = text.indexOf("```", i + 3);
      if (end >= 0) {
        flush();
        out.push(h("pre", { class: "md-pre" }, decode(text.slice(i + 3, end).replace(/^\n/, ""))));
        i = end + 3;
        continue;
      }
    } else if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end > i + 1 && !text.slice(i + 1, end).includes("\n")) {
        flush();
        out.push(h("code", { class: "md-code" }, decode(text.slice(i + 1, end))));
        i = end + 1;
        continue;
      }
    } else if (c === "<") {
      const end = text.indexOf(">", i + 1);
      const node = end > i + 1 ? angle(text.slice(i + 1, end), ctx) : null;
      if (node) {
        flush();
        out.push(node);
        i = end + 1;
        continue;
      }
    } else if (c in MARKS && depth < 4) {
      const end = closing(text, i, c);
      if (end > 0) {
        flush();
        out.push(h(MARKS[c], {}, parse(text.slice(i + 1, end), ctx, depth + 1)));
        i = end + 1;
        continue;
      }
    } else if (c === ":") {
      const match = /^:([a-z0-9_+-]+):/.exec(text.slice(i, i + 64));
      if (match && EMOJI[match[1]]) {
        flush();
        out.push(emojiNode(match[1]));
        i += match[0].length;
        continue;
      }
    }
    plain += c;
    i += 1;
  }
  flush();
  return out;
}

/** mrkdwn text as a fragment. `ctx`: {me, userName(id), channelName(id), onChannel(id)}. */
export function mrkdwn(text, ctx = {}) {
  const fragment = document.createDocumentFragment();
  fragment.append(...parse(String(text ?? ""), ctx, 0));
  return fragment;
}

/** plain_text as a fragment: shown as typed, with :emoji: shortcodes when `emoji` is on. */
export function plainText(text, emoji = true) {
  const fragment = document.createDocumentFragment();
  const source = String(text ?? "");
  if (!emoji) {
    fragment.append(...withBreaks(source));
    return fragment;
  }
  let last = 0;
  for (const match of source.matchAll(/:([a-z0-9_+-]+):/g)) {
    if (!EMOJI[match[1]]) continue;
    fragment.append(...withBreaks(source.slice(last, match.index)), emojiNode(match[1]));
    last = match.index + match[0].length;
  }
  fragment.append(...withBreaks(source.slice(last)));
  return fragment;
}

/** Any Slack text object ({type: "mrkdwn" | "plain_text", text}). */
export function textObject(obj, ctx = {}) {
  if (!obj) return document.createDocumentFragment();
  if (obj.type === "mrkdwn") return mrkdwn(obj.text, ctx);
  return plainText(obj.text, obj.emoji !== false);
}

/** The text of a text object without formatting, for attributes and comparisons. */
export function rawText(obj) {
  return obj && typeof obj.text === "string" ? obj.text : "";
}
