// /auth/update-password?token=...: the reset link's landing page (GET reset-password/:token
// redirects here with ?token=, or with ?error=INVALID_TOKEN). New password + confirmation ->
// POST reset-password {newPassword, token}; every session of the account ends.
import {
  client, clearErrors, describePasswordRules, fieldError, passwordProblem, setBusy,
  showApiError, showMessage,
} from "/auth/assets/forms.js";

const form = document.getElementById("update-form");
const password = document.getElementById("password");
const confirm = document.getElementById("confirm-password");
const resetLink = document.getElementById("reset-link");

const params = new URLSearchParams(window.location.search);
const token = params.get("token");
// The token stays in memory; take it out of the address bar and the history.
if (token) window.history.replaceState(null, "", window.location.pathname);

/** The link is unusable: say so and offer a new one instead of the form. */
function linkUnusable() {
  form.hidden = true;
  resetLink.hidden = false;
  showMessage("error", "This password reset link is invalid or has expired. Request a new one.",
    "INVALID_TOKEN");
}

describePasswordRules();
if (!token || params.has("error")) linkUnusable();

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  const problem = passwordProblem(password.value);
  if (problem) return fieldError(password, problem);
  if (confirm.value !== password.value) return fieldError(confirm, "The passwords do not match.");

  setBusy(form, true);
  const result = await client.auth.post("/reset-password", { newPassword: password.value, token });
  setBusy(form, false);
  if (!result.ok) {
    if (result.error.code === "INVALID_TOKEN") return linkUnusable();
    return showApiError(result.error);
  }
  form.hidden = true;
  showMessage("success", "Your password was changed and you were signed out everywhere. " +
    "Sign in with the new password.");
  document.getElementById("login-link").href = "/auth/login?reset=1";
  document.getElementById("login-link").textContent = "Sign in";
});
