// MailTemplates: placeholder rendering, escaping and the built-in English templates.
#include <array>
#include <authkit/mail.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <string>

namespace {

using authkit::MailKind;
using authkit::MailTemplate;
using authkit::MailTemplates;
using Values = std::map<std::string, std::string, std::less<>>;
using Catch::Contains;

// Renders a one-off template whose subject, text and html are all `source`.
authkit::Message render_all(std::string source, const Values& values) {
  MailTemplates templates;
  templates.app_name = "Acme";
  templates.verify_email = MailTemplate{source, source, source};
  return templates.render(MailKind::verify_email, values);
}

constexpr std::array<MailKind, 4> kAllKinds{MailKind::verify_email, MailKind::reset_password,
                                            MailKind::password_changed, MailKind::existing_account};

}  // namespace

TEST_CASE("mail_kind_name gives the stable names", "[mail]") {
  CHECK(authkit::mail_kind_name(MailKind::verify_email) == "verify-email");
  CHECK(authkit::mail_kind_name(MailKind::reset_password) == "reset-password");
  CHECK(authkit::mail_kind_name(MailKind::password_changed) == "password-changed");
  CHECK(authkit::mail_kind_name(MailKind::existing_account) == "existing-account");
}

TEST_CASE("placeholders are replaced, app_name is added and unknown ones are empty", "[mail]") {
  const auto m =
      render_all("Hi {{name}} from {{app_name}}: [{{nope}}] {{name}}{{name}}", {{"name", "Ann"}});
  CHECK(m.subject == "Hi Ann from Acme: [] AnnAnn");
  CHECK(m.text == "Hi Ann from Acme: [] AnnAnn");
  CHECK(m.html == "Hi Ann from Acme: [] AnnAnn");
  CHECK(m.kind == MailKind::verify_email);
  CHECK(m.to.empty());
  CHECK(m.url.empty());
  CHECK(m.token.empty());
  // An explicit app_name from the caller is used as given.
  CHECK(render_all("{{app_name}}", {{"app_name", "Other"}}).text == "Other");
}

TEST_CASE("values are HTML-escaped in html only", "[mail]") {
  const std::string nasty = R"(<b>"Tom" & 'Jerry'</b>)";
  const auto m = render_all("<p>{{name}}</p>", {{"name", nasty}});
  CHECK(m.html == "<p>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</p>");
  CHECK(m.text == "<p>" + nasty + "</p>");
  CHECK(m.subject == "<p>" + nasty + "</p>");
  // The template's own markup is not escaped.
  CHECK(render_all("<a href=\"{{url}}\">", {{"url", "https://x.test/?a=1&b=2"}}).html ==
        "<a href=\"https://x.test/?a=1&amp;b=2\">");
}

TEST_CASE("control characters in subject values become spaces", "[mail]") {
  const auto m = render_all("Hello {{name}}", {{"name", "Eve\r\nBcc: all@example.com"}});
  CHECK(m.subject == "Hello Eve  Bcc: all@example.com");
  CHECK(m.text == "Hello Eve\r\nBcc: all@example.com");
}

TEST_CASE("values are never expanded again", "[mail]") {
  const auto m = render_all("{{name}}", {{"name", "{{app_name}} {{secret}}"}, {"secret", "x"}});
  CHECK(m.text == "{{app_name}} {{secret}}");
  CHECK(m.subject == "{{app_name}} {{secret}}");
  CHECK(m.html == "{{app_name}} {{secret}}");
}

TEST_CASE("text that is not a complete placeholder is kept literally", "[mail]") {
  const Values values{{"name", "Ann"}};
  CHECK(render_all("a {{ b", values).text == "a {{ b");
  CHECK(render_all("ends with {{", values).text == "ends with {{");
  CHECK(render_all("{{name", values).text == "{{name");
  CHECK(render_all("{{name}", values).text == "{{name}");
  CHECK(render_all("{{ name }}", values).text == "{{ name }}");
  CHECK(render_all("{{}}", values).text == "{{}}");
  CHECK(render_all("{{na-me}}", values).text == "{{na-me}}");
  CHECK(render_all("{{{name}}}", values).text == "{Ann}");
  CHECK(render_all("}} {name} {{name}}", values).text == "}} {name} Ann");
  CHECK(render_all("", values).text.empty());
}

TEST_CASE("placeholder names are letters, digits and underscores", "[mail]") {
  const Values values{{"expires_in_minutes", "60"}, {"A1_b", "ok"}};
  CHECK(render_all("{{expires_in_minutes}}/{{A1_b}}", values).text == "60/ok");
  CHECK(render_all("{{a1_b}}", values).text.empty());  // names are case-sensitive
}

TEST_CASE("the default templates carry the link, expiry and advice", "[mail]") {
  const MailTemplates templates;
  const std::string url = "https://app.example/reset?token=abc&x=1";
  const Values link_values{
      {"url", url}, {"expires_in_minutes", "30"}, {"email", "ann@example.com"}};

  for (const MailKind kind : kAllKinds) {
    CAPTURE(authkit::mail_kind_name(kind));
    const auto m = templates.render(kind, link_values);
    CHECK(m.kind == kind);
    CHECK_FALSE(m.subject.empty());
    CHECK_THAT(m.subject, Contains("authkit"));
    CHECK_FALSE(m.text.empty());
    CHECK_FALSE(m.html.empty());
    CHECK_THAT(m.html, !Contains("{{"));
    CHECK_THAT(m.text, !Contains("{{"));
  }

  const auto verify = templates.render(MailKind::verify_email, link_values);
  CHECK_THAT(verify.text, Contains(url));
  CHECK_THAT(verify.html, Contains("https://app.example/reset?token=abc&amp;x=1"));
  CHECK_THAT(verify.text, Contains("30 minutes"));

  const auto reset = templates.render(MailKind::reset_password, link_values);
  CHECK_THAT(reset.text, Contains(url));
  CHECK_THAT(reset.html, Contains("https://app.example/reset?token=abc&amp;x=1"));
  CHECK_THAT(reset.text, Contains("30 minutes"));
  CHECK_THAT(reset.text, Contains("did not ask"));
  CHECK_THAT(reset.text, Contains("ignore"));

  const auto changed = templates.render(MailKind::password_changed, link_values);
  CHECK_THAT(changed.text, Contains("changed"));
  CHECK_THAT(changed.text, Contains("If this was not you, reset your password"));
  CHECK_THAT(changed.text, Contains("ann@example.com"));

  const auto existing = templates.render(MailKind::existing_account, link_values);
  CHECK_THAT(existing.text, Contains("tried to sign up"));
  CHECK_THAT(existing.text, Contains("sign in instead"));
  CHECK_THAT(existing.text, Contains("reset your password"));
}

TEST_CASE("MailTemplates uses its own app_name and each kind's template", "[mail]") {
  MailTemplates templates;
  templates.app_name = "Acme <Shop>";
  templates.reset_password = MailTemplate{"R {{app_name}}", "t", "<i>{{app_name}}</i>"};
  const auto reset = templates.render(MailKind::reset_password, {});
  CHECK(reset.subject == "R Acme <Shop>");
  CHECK(reset.html == "<i>Acme &lt;Shop&gt;</i>");
  CHECK(reset.kind == MailKind::reset_password);
  // The other kinds keep their defaults.
  CHECK(templates.render(MailKind::verify_email, {}).subject ==
        "Verify your email address for Acme <Shop>");
  CHECK(MailTemplates::default_template(MailKind::password_changed).subject ==
        templates.password_changed.subject);
}
