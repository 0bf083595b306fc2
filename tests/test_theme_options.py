"""A theme declares the settings it reads in its theme.yml; a store sets them under ``extra:``, and a
setting no theme of the chain reads is a warning naming it (nothing is silently dropped)."""

from __future__ import annotations

from conftest import BASE_STORE


def theme(store, name: str, options: str, template: str | None = None) -> None:
    store.write(f"{name}/theme.yml", f"extends: default\noptions:\n{options}")
    if template is not None:
        store.write(f"{name}/templates/index.html", template)


SHOWS_OPTION = ("{% extends 'base.html' %}{% block main %}<p id=banner>{{ theme_options.banner }}</p>"
                "{% endblock %}")


def test_a_store_setting_overrides_the_theme_default(store):
    theme(store, "mytheme", "  banner: Selamat datang\n", SHOWS_OPTION)
    store.write("store.yml", BASE_STORE + "theme: mytheme\n")
    assert store.build().exit_code == 0
    assert "<p id=banner>Selamat datang</p>" in store.page()
    store.write("store.yml", BASE_STORE + "theme: mytheme\nextra:\n  banner: Diskon akhir tahun\n")
    result = store.build()
    assert result.exit_code == 0 and "<p id=banner>Diskon akhir tahun</p>" in store.page()
    assert "extra.banner" not in result.output


def test_an_unknown_setting_is_a_warning_naming_it_and_the_known_ones(store, monkeypatch):
    theme(store, "mytheme", "  banner: Halo\n", SHOWS_OPTION)
    store.write("store.yml", BASE_STORE + "theme: mytheme\nextra:\n  baner: Diskon\n  banner: Promo\n")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "store.yml" in result.output and "extra.baner" in result.output
    assert "tema 'mytheme' tidak memakai pengaturan ini" in result.output and "banner" in result.output
    assert "<p id=banner>Promo</p>" in store.page()  # the known one still applies
    monkeypatch.setenv("LAPAK_LANG", "en")
    store.speak("en")
    result = store.build()
    assert "the theme 'mytheme' does not use this setting, so it is ignored" in result.output


def test_lapak_s_own_extra_setting_is_no_warning(store):
    store.write("store.yml", BASE_STORE + "extra:\n  content_security_policy: \"default-src 'self'\"\n")
    result = store.build()
    assert result.exit_code == 0 and "content_security_policy" not in result.output
    assert "default-src 'self'" in (store.output / "_headers").read_text(encoding="utf-8")


def test_lapak_check_reports_the_same_warning(store):
    from click.testing import CliRunner

    from generator.cli import main

    store.write("store.yml", BASE_STORE + "extra:\n  warna: merah\n")
    result = CliRunner().invoke(main, ["check", str(store.root)])
    assert result.exit_code == 0 and "extra.warna" in result.output
