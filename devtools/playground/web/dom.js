// Building DOM nodes without markup strings: every piece of text becomes a text node, so
// whatever the bot echoes (names, messages people typed) can never turn into HTML.

/**
 * h("button", {class: "x", dataset: {actionId: "a"}, onclick: f}, "text", child)
 * Attributes named on… become listeners, `dataset` fills data-*, `hidden`/`disabled`/… booleans
 * are set as properties; null/undefined/false attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const PROPERTIES = new Set(["hidden", "disabled", "checked", "value", "selected", "open"]);

export function setAttrs(el, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") {
      for (const [key, v] of Object.entries(value)) {
        if (v !== null && v !== undefined) el.dataset[key] = String(v);
      }
    } else if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (PROPERTIES.has(name)) {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

// A handful of line icons, drawn from path data so no icon font or image has to be loaded.
const ICONS = {
  hash: "M9 3 7 21M17 3l-2 18M4 8.5h17M3 15.5h17",
  lock: "M7 11V8a5 5 0 0 1 10 0v3M5.5 11h13v10h-13z",
  close: "M6 6l12 12M18 6 6 18",
  back: "M15 5 8 12l7 7",
  chevron: "M6 9l6 6 6-6",
  send: "M4 12 20 4l-5 16-3-7-8-1z",
  eye: "M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z",
  search: "M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM20 20l-4-4",
  bolt: "M13 2 4 14h7l-1 8 9-12h-7z",
  warning: "M12 3 2 21h20L12 3zM12 10v5M12 18v.5",
  app: "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
  more: "M12 5h.01M12 12h.01M12 19h.01",
};

export function icon(name, className = "icon") {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", ICONS[name] || "");
  svg.append(path);
  return svg;
}

export function initials(name) {
  const parts = String(name || "?").trim().split(/\s+/);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : parts[0].slice(0, 2);
  return letters.toUpperCase();
}
