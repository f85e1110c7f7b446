"""The first wording of both agreements, in the app's own words. Coordinators edit them in the app."""

CONFIDENTIALITY = """\
A mentoring partnership works when both people can speak freely. This agreement is how we promise each other that they can.

We each agree to:
- keep what is said between us in confidence, during the partnership and after it ends;
- not share the other's personal or work matters with anyone outside the partnership without first asking, and getting written consent;
- keep our shared notes and plans to ourselves.

Some things are not covered by this promise. If either of us is worried about possible criminal conduct, harassment or bullying, we will contact the program coordinator at once.

By signing, each of us confirms having read and understood this agreement."""

PARTNERSHIP = """\
This agreement sets out how we will work together. We discuss it at our first meeting and may review it whenever we need to.

The mentee leads the partnership and will:
- come to meetings on time and prepared;
- work out their own development needs and goals, and keep their action plan up to date;
- ask for guidance on how to reach those goals, and take responsibility for their own decisions;
- carry out agreed tasks on time;
- keep in regular touch, and not ask for help finding a job;
- contact the program coordinator with any question or concern.

The mentor guides and supports, and will:
- listen in confidence, and keep an open mind so the mentee can find their own path;
- share information, experience and honest, constructive feedback;
- encourage, and point out opportunities to grow;
- give the time needed and keep in regular touch;
- complete the program's short survey when the partnership ends;
- contact the program coordinator with any question or concern.

Progress: we will review the mentee's action plan at our meetings; keeping it current is the mentee's job.

Meetings, once agreed, are not cancelled unless it cannot be helped, and each meeting ends with a date for the next.

Ending: either of us may end the partnership if the other does not keep to this agreement, or for any other reason, by telling the other and the program coordinator."""

DEFAULTS = {"confidentiality": CONFIDENTIALITY, "partnership": PARTNERSHIP}
