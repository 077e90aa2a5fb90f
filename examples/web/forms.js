// Helpers shared by the account pages: the client from the server's config, the status
// region, field errors, and the same password rules as the server's PasswordPolicy.
import config from "/auth/config.js";
import { createAuthkitClient } from "/auth/assets/authkit-client.js";

export { config };

/** One client per page; the JWT it fetches stays in this page's memory. */
export const client = createAuthkitClient({
  authBase: config.authBase,
  resourceBase: config.resourceBase,
});

/** Where pages send the user once signed in, and where the verification link lands. */
export const DASHBOARD = "/dashboard";
export const VERIFY_CALLBACK = "/auth/verify-email?verified=1";

/**
 * Shows `text` in the page's #message region (role="status", aria-live), which screen
 * readers announce. `kind` ("error", "success", "info") and the API's `code` are also put in
 * data attributes, for styling and for tests.
 * @param {"error"|"success"|"info"} kind
 * @param {string} text
 * @param {string} [code]
 * @param {string} [id="message"] the region's id
 */
export function showMessage(kind, text, code = "", id = "message") {
  const region = document.getElementById(id);
  region.dataset.kind = kind;
  region.dataset.code = code;
  region.textContent = text;
}

/**
 * Marks `input` invalid, says why in the status region, and moves the focus there.
 * @param {HTMLInputElement} input
 * @param {string} text
 */
export function fieldError(input, text) {
  input.setAttribute("aria-invalid", "true");
  showMessage("error", text);
  input.focus();
}

/** Clears the invalid marks of `form` and the status region. */
export function clearErrors(form) {
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  showMessage("info", "");
}

/**
 * Disables the submit button while a request is in flight (no double submits) and tells
 * assistive technology the form is busy.
 * @param {HTMLFormElement} form
 * @param {boolean} on
 */
export function setBusy(form, on) {
  form.setAttribute("aria-busy", String(on));
  const submit = form.querySelector("[type=submit]");
  if (submit) submit.disabled = on;
}

/** Shows an API error (an AuthResult's error) in the status region. */
export function showApiError(error) {
  showMessage("error", error.message, error.code);
}

/**
 * A plausible email address (the server has the last word).
 * @param {string} email
 * @returns {boolean}
 */
export function looksLikeEmail(email) {
  return /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254;
}

/**
 * The server's password rules (PasswordPolicy, from config.password): length in Unicode code
 * points of the NFKC form, not equal to the email or its local part, and letter + digit when
 * configured. The server's blocklist of common passwords is not copied here; its answer
 * (PASSWORD_TOO_WEAK) is shown like any other error.
 * @param {string} password
 * @param {string} [email]
 * @returns {string|null} what is wrong, or null
 */
export function passwordProblem(password, email = "") {
  const rules = config.password;
  const length = [...password.normalize("NFKC")].length;
  if (length < rules.minLength) return `The password needs at least ${rules.minLength} characters.`;
  if (length > rules.maxLength) return `The password may have at most ${rules.maxLength} characters.`;
  if (rules.requireLetterAndDigit && !(/\p{L}/u.test(password) && /\d/.test(password))) {
    return "The password needs at least one letter and one digit.";
  }
  if (rules.rejectEmail && email) {
    const lower = password.toLowerCase();
    const at = email.indexOf("@");
    const local = at < 0 ? email : email.slice(0, at);
    if (lower === email.toLowerCase() || (local && lower === local.toLowerCase())) {
      return "The password must not be your email address.";
    }
  }
  return null;
}

/** Fills #password-hint with the length rule, so users learn it before they fail it. */
export function describePasswordRules() {
  const hint = document.getElementById("password-hint");
  if (hint) {
    hint.textContent = `${config.password.minLength} to ${config.password.maxLength} characters` +
      (config.password.requireLetterAndDigit ? ", with a letter and a digit." : ".") +
      " A passphrase of a few words works well.";
  }
}
