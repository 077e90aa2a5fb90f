// /auth/register: name, email, password, confirmation -> POST sign-up/email. With email
// verification required (the default) there is no session yet: the user is told to check
// their mail, whose link comes back to /auth/verify-email.
import {
  client, DASHBOARD, VERIFY_CALLBACK, clearErrors, describePasswordRules, fieldError,
  looksLikeEmail, passwordProblem, setBusy, showApiError, showMessage,
} from "/auth/assets/forms.js";

const form = document.getElementById("register-form");
const name = document.getElementById("name");
const email = document.getElementById("email");
const password = document.getElementById("password");
const confirm = document.getElementById("confirm-password");

describePasswordRules();

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  const address = email.value.trim();
  if (!name.value.trim()) return fieldError(name, "Enter your name.");
  if (!looksLikeEmail(address)) return fieldError(email, "Enter a valid email address.");
  const problem = passwordProblem(password.value, address);
  if (problem) return fieldError(password, problem);
  if (confirm.value !== password.value) return fieldError(confirm, "The passwords do not match.");

  setBusy(form, true);
  const result = await client.auth.post("/sign-up/email", {
    name: name.value.trim(),
    email: address,
    password: password.value,
    callbackURL: VERIFY_CALLBACK,
  });
  setBusy(form, false);
  if (!result.ok) {
    showApiError(result.error);
    if (result.error.code.startsWith("PASSWORD_")) password.focus();
    return;
  }
  if (result.data && result.data.token) {  // verification not required: signed in already
    window.location.assign(DASHBOARD);
    return;
  }
  form.reset();
  form.hidden = true;
  showMessage("success", `Almost done: we sent a verification link to ${address}. ` +
    "Open it to activate your account, then sign in.");
});
