// /dashboard: the server checked the session and filled in the user. This script signs out and
// manages the user's tasks on the resource server (GET/POST/PUT/DELETE /api/{user_id}/tasks)
// with a JWT from authkit-client.js.
import { client, config, showApiError, showMessage } from "/auth/assets/forms.js";
import { toApiError } from "/auth/assets/authkit-client.js";

const userId = document.body.dataset.userId;
const tasksPath = `/api/${encodeURIComponent(userId)}/tasks`;
const form = document.getElementById("task-form");
const title = document.getElementById("task-title");
const description = document.getElementById("task-description");
const list = document.getElementById("task-list");

/** Shows a task problem in the tasks' own status region. */
function tasksMessage(kind, text, code = "") {
  showMessage(kind, text, code, "tasks-message");
}

/** Sends to the resource server; the parsed JSON on success, else throws an ApiError. */
async function api(path, init = {}) {
  const response = await client.api.fetch(path, init);
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) throw toApiError(response.status, body);
  return body;
}

/** A failed call: the session may be gone (then sign in again), else say what happened. */
function failed(error) {
  if (error.status === 401 && error.code === "UNAUTHORIZED") {
    window.location.assign("/auth/login");  // /token refused: the session ended
    return;
  }
  tasksMessage("error", error.message || "Something went wrong.", error.code);
}

/** One <li data-task-id> with a completion checkbox and a delete button. */
function renderTask(task) {
  const item = document.createElement("li");
  item.dataset.taskId = String(task.id);
  item.className = task.completed ? "task done" : "task";

  const done = document.createElement("input");
  done.type = "checkbox";
  done.id = `task-done-${task.id}`;
  done.className = "task-completed";
  done.checked = Boolean(task.completed);
  const label = document.createElement("label");
  label.htmlFor = done.id;
  label.className = "task-title";
  label.textContent = task.title;  // textContent: task text is never parsed as HTML
  item.append(done, label);
  if (task.description) {
    const text = document.createElement("p");
    text.className = "task-description";
    text.textContent = task.description;
    item.append(text);
  }
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "task-delete secondary";
  remove.textContent = "Delete";
  remove.setAttribute("aria-label", `Delete task: ${task.title}`);
  item.append(remove);

  done.addEventListener("change", async () => {
    try {
      const updated = await api(`${tasksPath}/${task.id}`, {
        method: "PUT",
        body: JSON.stringify({ completed: done.checked }),
      });
      item.replaceWith(renderTask(updated));
    } catch (error) {
      done.checked = !done.checked;
      failed(error);
    }
  });
  remove.addEventListener("click", async () => {
    try {
      await api(`${tasksPath}/${task.id}`, { method: "DELETE" });
      item.remove();
      tasksMessage("success", `Deleted "${task.title}".`);
    } catch (error) {
      failed(error);
    }
  });
  return item;
}

async function loadTasks() {
  list.setAttribute("aria-busy", "true");
  try {
    const tasks = await api(tasksPath);
    list.replaceChildren(...tasks.map(renderTask));
    tasksMessage("info", tasks.length === 0 ? "No tasks yet." : "");
  } catch (error) {
    failed(error);
  } finally {
    list.setAttribute("aria-busy", "false");
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  title.removeAttribute("aria-invalid");
  const text = title.value.trim();
  const length = [...text].length;  // code points, not UTF-16 units
  if (length < 1 || length > 200) {
    title.setAttribute("aria-invalid", "true");
    title.focus();
    return tasksMessage("error", "A task needs a title of 1 to 200 characters.");
  }
  const body = { title: text };
  if (description.value.trim()) body.description = description.value.trim();
  document.getElementById("add-task").disabled = true;
  try {
    const task = await api(tasksPath, { method: "POST", body: JSON.stringify(body) });
    list.append(renderTask(task));
    form.reset();
    title.focus();
    tasksMessage("success", `Added "${task.title}".`);
  } catch (error) {
    failed(error);
  } finally {
    document.getElementById("add-task").disabled = false;
  }
});

document.getElementById("sign-out").addEventListener("click", async () => {
  const result = await client.auth.post("/sign-out", {});
  if (!result.ok) return showApiError(result.error);
  client.clearToken();
  window.location.assign("/auth/login");
});

if (config.resourceBase) {
  form.hidden = false;
  loadTasks();
} else {
  document.getElementById("tasks-unavailable").hidden = false;
}
