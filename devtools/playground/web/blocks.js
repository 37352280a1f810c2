// Block Kit layout blocks as DOM, for messages and modals alike. Interactive elements are left
// to the surface (`ctx.element`, `ctx.input`), which knows how to talk to the fake Slack.

import { h } from "./dom.js";
import { rawText, textObject } from "./mrkdwn.js";

function unsupported(what) {
  return h("div", { class: "blk blk-unsupported" }, `${what} visas inte i lekplatsen`);
}

function image(alt) {
  // Images are not fetched: the page loads nothing from outside the playground.
  return h("span", { class: "blk-image", title: alt || "" }, "🖼 ", alt || "bild");
}

function header(block, ctx) {
  return h("div", { class: "blk blk-header", dataset: { blockId: block.block_id } }, textObject(block.text, ctx));
}

function section(block, ctx) {
  const body = h("div", { class: "blk-section-body" });
  if (block.text) body.append(h("div", { class: "blk-text" }, textObject(block.text, ctx)));
  if (Array.isArray(block.fields) && block.fields.length) {
    body.append(
      h("div", { class: "blk-fields" }, block.fields.map((f) => h("div", { class: "blk-field" }, textObject(f, ctx)))),
    );
  }
  const accessory = block.accessory
    ? h(
        "div",
        { class: "blk-accessory" },
        block.accessory.type === "image" ? image(block.accessory.alt_text) : ctx.element(block, block.accessory),
      )
    : null;
  return h("div", { class: "blk blk-section", dataset: { blockId: block.block_id } }, body, accessory);
}

function context(block, ctx) {
  return h(
    "div",
    { class: "blk blk-context", dataset: { blockId: block.block_id } },
    (block.elements || []).map((e) =>
      e.type === "image" ? image(e.alt_text) : h("span", { class: "blk-context-item" }, textObject(e, ctx)),
    ),
  );
}

function actions(block, ctx) {
  return h(
    "div",
    { class: "blk blk-actions", dataset: { blockId: block.block_id } },
    (block.elements || []).map((e) => ctx.element(block, e)),
  );
}

/** Every block of a message or view, in order. */
export function renderBlocks(blocks, ctx) {
  return (blocks || []).map((block) => {
    switch (block.type) {
      case "header":
        return header(block, ctx);
      case "section":
        return section(block, ctx);
      case "context":
        return context(block, ctx);
      case "divider":
        return h("hr", { class: "blk blk-divider", dataset: { blockId: block.block_id } });
      case "actions":
        return actions(block, ctx);
      case "input":
        return ctx.input ? ctx.input(block) : unsupported("input");
      case "image":
        return h("div", { class: "blk blk-image-block" }, image(block.alt_text || rawText(block.title)));
      default:
        return unsupported(block.type);
    }
  });
}

/** A Block Kit button; `onClick` gets the element and the button node. */
export function button(block, element, onClick, extraClass = "") {
  const style = element.style ? ` btn-${element.style}` : "";
  const node = h(
    "button",
    {
      type: "button",
      class: `btn${style} ${extraClass}`.trim(),
      dataset: { actionId: element.action_id, value: element.value },
      title: element.accessibility_label,
    },
    textObject(element.text),
  );
  node.addEventListener("click", () => onClick(element, node));
  return node;
}
