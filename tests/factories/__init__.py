"""factory_boy factories, one module per app, re-exported here: `from tests.factories import ...`."""

from tests.factories.assessments import *  # noqa: F403
from tests.factories.certificates import *  # noqa: F403
from tests.factories.forum import *  # noqa: F403
from tests.factories.people import *  # noqa: F403
from tests.factories.programme import *  # noqa: F403
from tests.factories.surveys import *  # noqa: F403
from tests.factories.trainings import *  # noqa: F403
