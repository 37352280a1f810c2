// The workspaces the playground offers (`visningsbot playground --workspaces`): a switch between
// them, and, in a workspace the app is not installed in, the way to install it — the bot's
// install page, Slack's consent and back here. With one workspace nothing of this shows.

import { h, icon } from "./dom.js";

/** Ask the playground for its workspaces and show the switch and the install notice. */
export async function setUpWorkspaces({ api, onError }) {
  let listed;
  try {
    listed = await api("/api/workspaces");
  } catch (error) {
    onError(error.message);
    return;
  }
  const current = listed.workspaces.find((w) => w.id === listed.current);
  renderSwitcher(listed, api, onError);
  renderInstallNotice(current, listed.install_url);
}

function renderSwitcher(listed, api, onError) {
  const label = document.getElementById("workspace-switcher-label");
  const select = document.getElementById("workspace-switcher");
  label.hidden = listed.workspaces.length < 2;
  if (label.hidden) return;
  select.replaceChildren(
    ...listed.workspaces.map((w) =>
      h("option", { value: w.id }, w.installed ? w.name : `${w.name} · utan visningsbot`),
    ),
  );
  select.value = listed.current;
  select.addEventListener("change", async () => {
    try {
      await api("/api/workspaces", { team_id: select.value }, "PUT");
      // The page starts over in the other workspace: its people, its channels.
      window.location.reload();
    } catch (error) {
      select.value = listed.current;
      onError(error.message);
    }
  });
}

function renderInstallNotice(workspace, installUrl) {
  const notice = document.getElementById("install-notice");
  notice.hidden = !workspace || workspace.installed;
  if (notice.hidden) return;
  notice.replaceChildren(
    icon("warning"),
    h("span", {}, `visningsbot är inte installerad i ${workspace.name}. En admin installerar den via Slack: `),
    h("a", { href: installUrl, class: "install-link", dataset: { testid: "install-link" } }, "Lägg till i Slack"),
  );
}
