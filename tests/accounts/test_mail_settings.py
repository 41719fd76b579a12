import pytest

from tribune.accounts.mail import EmailConfig, parse_email_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("console:", EmailConfig(CONSOLE)),
        ("", EmailConfig(CONSOLE)),
        ("smtp://mail.example.org", EmailConfig(SMTP, "mail.example.org", 25)),
        (
            "smtp://news%40example.org:p%40ss:word@mail.example.org:587",
            EmailConfig(
                SMTP, "mail.example.org", 587, "news@example.org", "p@ss:word", use_tls=True
            ),
        ),
        ("smtp://mail.example.org:587?tls=0", EmailConfig(SMTP, "mail.example.org", 587)),
        (
            "smtp://mail.example.org:2525?tls=1&timeout=5",
            EmailConfig(SMTP, "mail.example.org", 2525, use_tls=True, timeout=5),
        ),
        (
            "smtps://u:p@mail.example.org",
            EmailConfig(SMTP, "mail.example.org", 465, "u", "p", use_ssl=True),
        ),
        ("SMTP://127.0.0.1:1025", EmailConfig(SMTP, "127.0.0.1", 1025)),
    ],
)
def test_the_email_url_becomes_djangos_email_settings(url, expected):
    assert parse_email_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://u:secret@mail.example.org",
        "smtp://",
        "smtp://u:secret@mail.example.org:99999",
        "smtp://mail.example.org?tls=maybe",
        "smtp://mail.example.org?timeout=soon",
    ],
)
def test_a_bad_email_url_is_an_error_that_never_shows_the_password(url):
    with pytest.raises(ValueError, match="TRIBUNE_EMAIL_URL") as raised:
        parse_email_url(url)
    assert "secret" not in str(raised.value)


def test_the_site_defaults_to_printing_mail_on_the_console(tmp_path):
    import subprocess
    import sys

    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.DEFAULT_FROM_EMAIL)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "tribune.settings",
        "TRIBUNE_DATA_DIR": str(tmp_path),
        "TRIBUNE_EMAIL_FROM": "news@example.org",
    }
    run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert run.stdout.split() == [CONSOLE, "news@example.org"], run.stderr
    env["TRIBUNE_EMAIL_URL"] = "smtps://u:p@mail.example.org"
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            probe.replace("s.EMAIL_BACKEND", "s.EMAIL_BACKEND, s.EMAIL_PORT, s.EMAIL_USE_SSL"),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.stdout.split()[:3] == [SMTP, "465", "True"], run.stderr
