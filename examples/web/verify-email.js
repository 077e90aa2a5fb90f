// /auth/verify-email: where a verification link ends up.
//   ?token=...     this page redeems it with GET verify-email?token=...
//   ?verified=1    the API redeemed it already (the mailed link's callbackURL)
//   ?error=CODE    the API refused it (INVALID_TOKEN, TOKEN_EXPIRED)
// Then: the dashboard with a session, else sign-in.
import { client, showMessage } from "/auth/assets/forms.js";

const params = new URLSearchParams(window.location.search);

/** The outcome: null when verified, else the error code. */
async function verify() {
  if (params.has("error")) return params.get("error") || "INVALID_TOKEN";
  const token = params.get("token");
  if (token) {
    window.history.replaceState(null, "", window.location.pathname);  // single use anyway
    const result = await client.auth.get("/verify-email?token=" + encodeURIComponent(token));
    return result.ok ? null : result.error.code || "INVALID_TOKEN";
  }
  return params.get("verified") === "1" ? null : "NO_TOKEN";
}

const failure = await verify();
if (failure === null) {
  showMessage("success", "Your email address is verified. Thank you!");
} else if (failure === "TOKEN_EXPIRED") {
  showMessage("error", "This verification link has expired. Sign in to have a new one sent.",
    failure);
} else if (failure === "NO_TOKEN") {
  showMessage("info", "Open the link from your verification email to verify your address.",
    failure);
} else {
  showMessage("error", "This verification link is invalid or was already used. Sign in to " +
    "have a new one sent.", failure);
}
const session = await client.auth.get("/get-session");
const signedIn = session.ok && session.data !== null;
document.getElementById(signedIn ? "dashboard-link" : "login-link").hidden = false;
