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
