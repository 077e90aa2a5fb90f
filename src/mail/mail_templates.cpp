#include <authkit/mail.hpp>

#include "mail/template_engine.hpp"

namespace authkit {
namespace {

const MailTemplate& template_for(const MailTemplates& templates, MailKind kind) {
  switch (kind) {
    case MailKind::verify_email:
      return templates.verify_email;
    case MailKind::reset_password:
      return templates.reset_password;
    case MailKind::password_changed:
      return templates.password_changed;
    case MailKind::existing_account:
      return templates.existing_account;
  }
  return templates.verify_email;
}

}  // namespace

Message MailTemplates::render(MailKind kind, const mail::Values& values) const {
  mail::Values all = values;
  all.try_emplace("app_name", app_name);  // an explicit value from the caller wins
  const MailTemplate& source = template_for(*this, kind);
  Message message;
  message.kind = kind;
  message.subject = mail::render(source.subject, all, mail::ValueEscaping::one_line);
  message.text = mail::render(source.text, all, mail::ValueEscaping::plain);
  message.html = mail::render(source.html, all, mail::ValueEscaping::html);
  return message;
}

}  // namespace authkit
