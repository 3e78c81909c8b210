"""dlbook: the small PyTorch package behind the dlbook textbook.

Each module holds one idea and is short enough to read in one sitting.
Every part written by hand is tested against its ``torch`` counterpart.
Nothing runs on import beyond defining functions and classes.
"""

from dlbook.hardware import device
from dlbook.seeding import seed_everything

__all__ = ["device", "seed_everything"]
__version__ = "0.1.0"
