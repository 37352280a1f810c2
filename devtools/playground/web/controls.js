// The interactive elements of a modal: text inputs, selects (static, external, conversations),
// checkboxes and radio buttons. Each reports what the person did through `env`; none of them
// keeps the value itself — the fake Slack's view state is the truth the page renders from.

import { h, icon } from "./dom.js";
import { rawText, textObject } from "./mrkdwn.js";

const SUGGEST_DEBOUNCE_MS = 250;
let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

function optionsOf(element) {
  if (Array.isArray(element.options)) return element.options.map((o) => ({ ...o, group: null }));
  if (Array.isArray(element.option_groups)) {
    return element.option_groups.flatMap((g) => (g.options || []).map((o) => ({ ...o, group: rawText(g.label) })));
  }
  return [];
}

/**
 * A listbox under a field: the part static, external and conversation selects share.
 * `pick(option)` is called with the chosen option.
 */
class Menu {
  constructor(owner, pick) {
    this.owner = owner;
    this.pick = pick;
    this.items = [];
    this.active = -1;
    this.list = h("ul", { class: "select-menu", role: "listbox", id: nextId("menu"), hidden: true });
    // Keep focus in the field while a mouse picks an option.
    this.list.addEventListener("mousedown", (event) => event.preventDefault());
  }

  get open() {
    return !this.list.hidden;
  }

  show(options, selectedValue) {
    this.list.replaceChildren();
    this.items = [];
    let group = null;
    options.forEach((option) => {
      if (option.group && option.group !== group) {
        group = option.group;
        this.list.append(h("li", { class: "select-group", role: "presentation" }, group));
      }
      const item = h(
        "li",
        {
          class: "select-option",
          role: "option",
          id: nextId("opt"),
          "aria-selected": option.value === selectedValue ? "true" : "false",
          dataset: { value: option.value },
        },
        option.label ?? textObject(option.text),
        option.description ? h("span", { class: "select-option-desc" }, textObject(option.description)) : null,
      );
      item.addEventListener("click", () => this.choose(option));
      item.addEventListener("mousemove", () => this.highlight(this.items.findIndex((i) => i.item === item)));
      this.items.push({ item, option });
      this.list.append(item);
    });
    this.list.hidden = false;
    this.owner.setAttribute("aria-expanded", "true");
    this.owner.setAttribute("aria-controls", this.list.id);
    const selected = this.items.findIndex((i) => i.option.value === selectedValue);
    this.highlight(selected >= 0 ? selected : this.items.length ? 0 : -1);
  }

  note(text) {
    this.list.replaceChildren(h("li", { class: "select-note", role: "presentation" }, text));
    this.items = [];
    this.active = -1;
    this.list.hidden = false;
    this.owner.setAttribute("aria-expanded", "true");
    this.owner.removeAttribute("aria-activedescendant");
  }

  close() {
    this.list.hidden = true;
    this.owner.setAttribute("aria-expanded", "false");
    this.owner.removeAttribute("aria-activedescendant");
  }

  highlight(index) {
    this.items.forEach(({ item }, i) => item.classList.toggle("active", i === index));
    this.active = index;
    if (index >= 0) {
      this.owner.setAttribute("aria-activedescendant", this.items[index].item.id);
      this.items[index].item.scrollIntoView({ block: "nearest" });
    } else {
      this.owner.removeAttribute("aria-activedescendant");
    }
  }

  move(step) {
    if (!this.items.length) return;
    this.highlight((this.active + step + this.items.length) % this.items.length);
  }

  choose(option) {
    this.close();
    this.pick(option);
  }

  /** Arrow keys, Enter and Escape while the menu is open; true when the key was used. */
  key(event) {
    if (!this.open) return false;
    if (event.key === "ArrowDown") this.move(1);
    else if (event.key === "ArrowUp") this.move(-1);
    else if (event.key === "Enter" && this.active >= 0) this.choose(this.items[this.active].option);
    else if (event.key === "Escape") this.close();
    else return false;
    event.preventDefault();
    return true;
  }
}

function closeWhenFocusLeaves(root, menu, after) {
  root.addEventListener("focusout", (event) => {
    if (!root.contains(event.relatedTarget)) {
      menu.close();
      after?.();
    }
  });
}

/** A dropdown with fixed options: static_select, conversations_select, users_select. */
function dropdown({ key, options, selectedValue, selectedLabel, placeholder, onPick, attrs, labelledBy }) {
  const label = h("span", { class: selectedLabel ? "select-value" : "select-placeholder" }, selectedLabel || placeholder);
  const field = h(
    "button",
    {
      type: "button",
      class: "select-field",
      "aria-haspopup": "listbox",
      "aria-expanded": "false",
      "aria-labelledby": labelledBy,
      dataset: { focusKey: key },
    },
    label,
    icon("chevron", "icon select-chevron"),
  );
  const menu = new Menu(field, (option) => {
    label.replaceChildren(option.label ?? textObject(option.text));
    label.className = "select-value";
    onPick(option);
    field.focus();
  });
  field.addEventListener("click", () => (menu.open ? menu.close() : menu.show(options, selectedValue())));
  field.addEventListener("keydown", (event) => {
    if (menu.key(event)) return;
    if (["ArrowDown", "ArrowUp", "Enter", " "].includes(event.key)) {
      event.preventDefault();
      menu.show(options, selectedValue());
    }
  });
  const root = h("div", { class: "select", ...attrs }, field, menu.list);
  closeWhenFocusLeaves(root, menu);
  return root;
}

/**
 * external_select: a text field whose options come from the bot as the person types.
 * `env.suggest(block, element, query)` asks the fake Slack (which asks the bot) for options.
 */
function externalSelect(block, element, env, attrs, labelledBy, multiple = false) {
  const key = env.key(block, element);
  const memory = env.memory(key);
  const picked = () => env.value(block, element)?.selected_options || [];
  const selected = () => (multiple ? null : env.value(block, element)?.selected_option || null);
  const min = element.min_query_length ?? 3;
  const placeholder = rawText(element.placeholder) || "Välj ett alternativ";
  const input = h("input", {
    type: "text",
    class: "select-field combo-input",
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-labelledby": labelledBy,
    placeholder,
    dataset: { focusKey: key },
  });
  let timer = null;
  let asked = 0;
  let active = false;

  const showSelected = () => {
    const option = selected();
    input.value = option ? rawText(option.text) : "";
    input.placeholder = placeholder;
  };
  // multi_external_select: the chosen options as chips, each removable, above the search field.
  // The chips are redrawn at once on each change: the field keeps focus, so the page does not
  // redraw this control until the person leaves it.
  const max = element.max_selected_items ?? 100;
  const chips = multiple ? h("ul", { class: "chips", "aria-label": "Valda" }) : null;
  let chosen = multiple ? picked() : [];
  const drawChips = () => {
    if (!chips) return;
    chips.replaceChildren(
      ...chosen.map((option) => {
        const name = rawText(option.text);
        const remove = h("button", { type: "button", class: "chip-remove", "aria-label": `Ta bort ${name}` }, "×");
        remove.addEventListener("click", () => choose(chosen.filter((o) => o.value !== option.value)));
        return h("li", { class: "chip", dataset: { value: option.value } }, h("span", {}, name), remove);
      }),
    );
  };
  const choose = (options) => {
    chosen = options;
    drawChips();
    env.select(
      block,
      element,
      options.map((o) => o.value),
      { type: element.type, selected_options: options },
    );
  };
  drawChips();
  const menu = new Menu(input, (option) => {
    memory.query = "";
    if (multiple) {
      input.value = "";
      if (chosen.some((o) => o.value === option.value) || chosen.length >= max) return;
      choose([...chosen, { text: option.text, value: option.value }]);
      return;
    }
    input.value = rawText(option.text);
    env.select(block, element, option.value, { type: element.type, selected_option: option });
  });

  // aria-busy stays true from the first keystroke until the bot's options for it are shown.
  const busy = (on) => menu.list.setAttribute("aria-busy", on ? "true" : "false");
  const search = async () => {
    const query = input.value;
    memory.query = query;
    const mine = ++asked;
    if (query.length < min) {
      busy(false);
      menu.note(min === 1 ? "Skriv för att söka" : `Skriv minst ${min} tecken för att söka`);
      return;
    }
    busy(true);
    if (!memory.options) menu.note("Söker…");
    const options = await env.suggest(block, element, query);
    if (mine !== asked || !active) return;
    busy(false);
    memory.options = options;
    if (options === null) menu.note("Kunde inte hämta alternativen");
    else if (!options.length) menu.note("Inga träffar");
    else menu.show(options, selected()?.value);
  };

  input.addEventListener("focus", () => {
    active = true;
    const option = selected();
    input.value = memory.query || "";
    input.placeholder = option ? rawText(option.text) : placeholder;
    memory.options = null;
    search();
  });
  input.addEventListener("input", () => {
    // Options still on their way were asked for an older text: they must not be shown now.
    asked += 1;
    busy(true);
    clearTimeout(timer);
    timer = setTimeout(search, SUGGEST_DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (menu.key(event)) {
      if (event.key === "Escape") input.blur();
      return;
    }
    if (event.key === "ArrowDown" && memory.options?.length) {
      event.preventDefault();
      menu.show(memory.options, selected()?.value);
    }
  });
  const root = h(
    "div",
    { class: multiple ? "select combo multi" : "select combo", ...attrs },
    chips,
    input,
    icon("search", "icon combo-icon"),
    menu.list,
  );
  closeWhenFocusLeaves(root, menu, () => {
    clearTimeout(timer);
    active = false;
    memory.query = "";
    showSelected();
  });
  showSelected();
  return root;
}

function textInput(block, element, env, attrs, labelledBy) {
  const key = env.key(block, element);
  const value = env.text(block, element);
  const common = {
    class: "text-input",
    placeholder: rawText(element.placeholder),
    "aria-labelledby": labelledBy,
    ...attrs,
    dataset: { ...attrs.dataset, focusKey: key },
  };
  const field = element.multiline
    ? h("textarea", { ...common, rows: 4 })
    : h("input", { ...common, type: "text", autocomplete: "off" });
  field.value = value;
  field.addEventListener("input", () => env.typed(block, element, field.value));
  field.addEventListener("blur", () => env.typedDone(block, element));
  return field;
}

function checkboxes(block, element, env, attrs, labelledBy, multiple = true) {
  const value = env.value(block, element);
  const chosen = new Set(
    multiple ? (value?.selected_options || []).map((o) => o.value) : [value?.selected_option?.value].filter(Boolean),
  );
  const name = nextId("choice");
  const root = h("div", {
    class: multiple ? "checkboxes" : "radios",
    role: multiple ? "group" : "radiogroup",
    "aria-labelledby": labelledBy,
    ...attrs,
  });
  const boxes = optionsOf(element).map((option) => {
    const box = h("input", {
      type: multiple ? "checkbox" : "radio",
      name,
      value: option.value,
      checked: chosen.has(option.value),
      dataset: { value: option.value, focusKey: `${env.key(block, element)}/${option.value}` },
    });
    root.append(
      h(
        "label",
        { class: "choice" },
        box,
        h(
          "span",
          { class: "choice-text" },
          textObject(option.text),
          option.description ? h("span", { class: "choice-desc" }, textObject(option.description)) : null,
        ),
      ),
    );
    return box;
  });
  root.addEventListener("change", () => {
    const ticked = boxes.filter((b) => b.checked).map((b) => b.value);
    const options = optionsOf(element).filter((o) => ticked.includes(o.value));
    const shown = multiple
      ? { type: element.type, selected_options: options }
      : { type: element.type, selected_option: options[0] ?? null };
    env.select(block, element, multiple ? ticked : (ticked[0] ?? null), shown);
  });
  return root;
}

function staticSelect(block, element, env, attrs, labelledBy) {
  const options = optionsOf(element);
  const current = () => env.value(block, element)?.selected_option || null;
  return dropdown({
    key: env.key(block, element),
    options,
    selectedValue: () => current()?.value,
    selectedLabel: current() ? textObject(current().text) : null,
    placeholder: rawText(element.placeholder) || "Välj ett alternativ",
    onPick: (option) =>
      env.select(block, element, option.value, { type: element.type, selected_option: option }),
    attrs,
    labelledBy,
  });
}

function conversationsSelect(block, element, env, attrs, labelledBy) {
  const options = env.conversations(element.filter).map((c) => ({
    value: c.id,
    label: `${c.is_private ? "🔒 " : "# "}${c.name}`,
  }));
  const held = element.type === "channels_select" ? "selected_channel" : "selected_conversation";
  const selected = () => env.value(block, element)?.[held] || null;
  const found = options.find((o) => o.value === selected());
  return dropdown({
    key: env.key(block, element),
    options,
    selectedValue: selected,
    selectedLabel: found ? found.label : selected(),
    placeholder: rawText(element.placeholder) || "Välj en kanal",
    onPick: (option) =>
      env.select(block, element, option.value, { type: element.type, [held]: option.value }),
    attrs,
    labelledBy,
  });
}

function usersSelect(block, element, env, attrs, labelledBy) {
  const options = env.users().map((u) => ({ value: u.id, label: u.real_name }));
  const selected = () => env.value(block, element)?.selected_user || null;
  const found = options.find((o) => o.value === selected());
  return dropdown({
    key: env.key(block, element),
    options,
    selectedValue: selected,
    selectedLabel: found?.label,
    placeholder: rawText(element.placeholder) || "Välj en person",
    onPick: (option) =>
      env.select(block, element, option.value, { type: element.type, selected_user: option.value }),
    attrs,
    labelledBy,
  });
}

/** The control for one element of a modal, tagged with its block_id and action_id. */
export function renderControl(block, element, env, labelledBy) {
  const attrs = {
    dataset: { actionId: element.action_id, elementType: element.type },
  };
  switch (element.type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input":
      return textInput(block, element, env, attrs, labelledBy);
    case "static_select":
      return staticSelect(block, element, env, attrs, labelledBy);
    case "external_select":
      return externalSelect(block, element, env, attrs, labelledBy);
    case "multi_external_select":
      return externalSelect(block, element, env, attrs, labelledBy, true);
    case "conversations_select":
    case "channels_select":
      return conversationsSelect(block, element, env, attrs, labelledBy);
    case "users_select":
      return usersSelect(block, element, env, attrs, labelledBy);
    case "checkboxes":
      return checkboxes(block, element, env, attrs, labelledBy, true);
    case "radio_buttons":
      return checkboxes(block, element, env, attrs, labelledBy, false);
    default:
      return h("div", { class: "blk-unsupported", ...attrs }, `${element.type} visas inte i lekplatsen`);
  }
}
