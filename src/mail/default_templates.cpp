// The built-in English mail templates. Link mails state how long the link lives and what to do
// if the mail was unexpected; notices tell the owner how to react if it was not them.
#include <authkit/mail.hpp>

namespace authkit {

MailTemplate MailTemplates::default_template(MailKind kind) {
  switch (kind) {
    case MailKind::verify_email:
      return MailTemplate{
          "Verify your email address for {{app_name}}",
          "Hello,\n\n"
          "Please confirm your email address for {{app_name}} by opening this link:\n\n"
          "{{url}}\n\n"
          "The link expires in {{expires_in_minutes}} minutes.\n"
          "If you did not create an account, you can ignore this message.\n",
          "<p>Hello,</p>\n"
          "<p>Please confirm your email address for {{app_name}} by opening this link:</p>\n"
          "<p><a href=\"{{url}}\">{{url}}</a></p>\n"
          "<p>The link expires in {{expires_in_minutes}} minutes.<br>\n"
          "If you did not create an account, you can ignore this message.</p>\n"};
    case MailKind::reset_password:
      return MailTemplate{
          "Reset your {{app_name}} password",
          "Hello,\n\n"
          "Someone asked to reset the password of your {{app_name}} account. To choose a new "
          "password, open this link:\n\n"
          "{{url}}\n\n"
          "The link expires in {{expires_in_minutes}} minutes and works once.\n"
          "If you did not ask for this, ignore this message; your password stays unchanged.\n",
          "<p>Hello,</p>\n"
          "<p>Someone asked to reset the password of your {{app_name}} account. To choose a new "
          "password, open this link:</p>\n"
          "<p><a href=\"{{url}}\">{{url}}</a></p>\n"
          "<p>The link expires in {{expires_in_minutes}} minutes and works once.<br>\n"
          "If you did not ask for this, ignore this message; your password stays "
          "unchanged.</p>\n"};
    case MailKind::password_changed:
      return MailTemplate{
          "Your {{app_name}} password was changed",
          "Hello,\n\n"
          "The password of your {{app_name}} account ({{email}}) was just changed.\n"
          "If this was you, there is nothing to do.\n"
          "If this was not you, reset your password now and sign out your other sessions.\n",
          "<p>Hello,</p>\n"
          "<p>The password of your {{app_name}} account ({{email}}) was just changed.</p>\n"
          "<p>If this was you, there is nothing to do.<br>\n"
          "If this was not you, reset your password now and sign out your other "
          "sessions.</p>\n"};
    case MailKind::existing_account:
      return MailTemplate{
          "Sign-up attempt with your {{app_name}} address",
          "Hello,\n\n"
          "Someone tried to sign up for {{app_name}} with your email address ({{email}}), but "
          "you already have an account.\n"
          "If this was you, sign in instead, or reset your password if you have forgotten it.\n"
          "If this was not you, you can ignore this message; your account was not changed.\n",
          "<p>Hello,</p>\n"
          "<p>Someone tried to sign up for {{app_name}} with your email address ({{email}}), but "
          "you already have an account.</p>\n"
          "<p>If this was you, sign in instead, or reset your password if you have forgotten "
          "it.<br>\n"
          "If this was not you, you can ignore this message; your account was not "
          "changed.</p>\n"};
  }
  return MailTemplate{};
}

}  // namespace authkit
