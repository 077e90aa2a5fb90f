// /auth/login: email + password (+ remember me) -> POST sign-in/email -> /dashboard.
// EMAIL_NOT_VERIFIED offers to send the verification mail again.
import {
  client, DASHBOARD, VERIFY_CALLBACK, clearErrors, fieldError, looksLikeEmail, setBusy,
  showApiError, showMessage,
} from "/auth/assets/forms.js";

const form = document.getElementById("login-form");
const email = document.getElementById("email");
const password = document.getElementById("password");
const remember = document.getElementById("remember");
const resend = document.getElementById("resend-verification");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  resend.hidden = true;
  const address = email.value.trim();
  if (!looksLikeEmail(address)) return fieldError(email, "Enter your email address.");
  if (!password.value) return fieldError(password, "Enter your password.");

  setBusy(form, true);
  const result = await client.auth.post("/sign-in/email", {
    email: address,
    password: password.value,
    rememberMe: remember.checked,
  });
  setBusy(form, false);
  if (result.ok) {
    showMessage("success", "Signed in. Opening your dashboard…");
    window.location.assign(DASHBOARD);
    return;
  }
  if (result.error.code === "EMAIL_NOT_VERIFIED") {
    showMessage("error", "Your email address is not verified yet. Open the link in the " +
      "verification email, or have it sent again.", result.error.code);
    resend.hidden = false;
    return;
  }
  showApiError(result.error);
  if (result.error.code === "INVALID_EMAIL_OR_PASSWORD") password.select();
});

resend.addEventListener("click", async () => {
  resend.disabled = true;
  const result = await client.auth.post("/send-verification-email", {
    email: email.value.trim(),
    callbackURL: VERIFY_CALLBACK,
  });
  resend.disabled = false;
  if (!result.ok) return showApiError(result.error);
  resend.hidden = true;
  showMessage("success", "If the address belongs to an unverified account, a new verification " +
    "email is on its way. Check your inbox.");
});

// update-password sends people here after a reset.
if (new URLSearchParams(window.location.search).get("reset") === "1") {
  showMessage("success", "Your password was changed. Sign in with the new one.");
}
