"""The coordinator's match page: its timeline, written by the ``timeline`` tag, is the HTML the template wrote."""

from django.template import Context, Template

# dashboard/_timeline.html, which the tag replaced, as it was (an include: its last line break with it).
TIMELINE = """<ol class="list-group">
  {% for day, kind, text, note in items %}
    <li class="list-group-item py-2">
      <div class="d-flex flex-wrap gap-2 small"><span class="badge text-bg-light border">{{ kind }}</span><span>{{ text }}</span><span class="text-body-secondary ms-auto">{{ day }}</span></div>
      {% if note %}<div class="small mt-1">{{ note|truncatewords:40 }}</div>{% endif %}
    </li>
  {% endfor %}
</ol>
"""  # noqa: E501


def test_the_timeline_is_the_templates_html():
    long = " ".join(f"word{i}" for i in range(50)) + " <script>"
    items = [
        ("7 Dec 2026", "Match", "Proposed → Active", "Introduced at the <fair> & happy"),
        ("6 Dec 2026", "Check-in", 'Zoë "<b>" O\'Brien: answered late, 1.5 h in November', ""),
        ("5 Dec 2026", "Contact", "Video call, 60 min", long),
        ("", "Plan", "Started (version 1)", None),
    ]
    for shown in (items, items[:1], []):
        context = Context({"items": shown})

        written = Template("{% load match_page %}{% timeline items %}").render(context)

        assert written == Template(TIMELINE).render(context)
    written = Template("{% load match_page %}{% timeline items %}").render(Context({"items": items}))
    assert "Zoë &quot;&lt;b&gt;&quot; O&#x27;Brien" in written
    assert "at the &lt;fair&gt; &amp; happy" in written
    assert "word39 …</div>" in written
