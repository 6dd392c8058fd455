"""The tutorial's test imports its plugin from its own folder, as pytest lets it in the plugin's
own project; the suite runs in importlib mode, which does not put test folders on sys.path."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
