// /auth/reset-password: POST request-password-reset with redirectTo = this origin +
// /auth/update-password. The answer is the same whether or not the address has an account, and
// so is the message shown.
import {
  client, clearErrors, fieldError, looksLikeEmail, setBusy, showApiError, showMessage,
} from "/auth/assets/forms.js";

const form = document.getElementById("reset-form");
const email = document.getElementById("email");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  const address = email.value.trim();
  if (!looksLikeEmail(address)) return fieldError(email, "Enter a valid email address.");

  setBusy(form, true);
  const result = await client.auth.post("/request-password-reset", {
    email: address,
    redirectTo: window.location.origin + "/auth/update-password",
  });
  setBusy(form, false);
  // Errors here (rate limit, server trouble) say nothing about the address, so they are shown.
  if (!result.ok) return showApiError(result.error);
  showMessage("success", "If an account exists for that address, we sent it a link to reset " +
    "the password. Check your inbox.");
});
