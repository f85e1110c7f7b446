"""Every model is covered by the privacy registry: an app that adds a model holding personal data must say
what its export, erasure and retention do with it (in its ``privacy.py``'s COVERS)."""

from django.apps import apps

from privacy import registry


def test_every_model_is_covered_by_a_module_or_named_as_framework():
    known = registry.covers()
    missing = [m._meta.label for m in apps.get_models() if m._meta.label not in known]
    assert missing == [], f"add these to an app's privacy.py COVERS (or registry.FRAMEWORK_COVERS): {missing}"


def test_every_module_exports_and_erases():
    for module in registry.modules():
        assert callable(module.export), module.name
        assert callable(module.erase), module.name
        assert module.covers, module.name


def test_profiles_runs_last_as_it_forgets_the_address():
    assert registry.MODULES[-1] == "profiles.privacy"


def test_sentry_keeps_the_new_texts_and_a_download_token_out_of_events():
    from core.sentry import SCRUBBED, scrub
    from privacy.links import DOWNLOAD

    token = DOWNLOAD.make(export=7, user=3)
    event = scrub(
        {
            "request": {"url": f"https://example.org/privacy/download/7/{token}/"},
            "extra": {"reason": "Asked by phone", "bio": "MIRA-BIO", "archive": "PK..", "typed_name": "Mira"},
        }
    )
    assert token not in event["request"]["url"]
    assert event["request"]["url"] == f"https://example.org/privacy/download/7/{SCRUBBED}/"
    assert set(event["extra"].values()) == {SCRUBBED}
