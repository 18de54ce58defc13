"""The PyTorch bridge's tests: one intra-op thread.

On the 2-core machines the suite runs on, torch's default of one thread per core
fights the other processes for the cores (a small CNN epoch took 68 s with two
threads under load and 2.4 s with one); the models here are tiny, so one thread
loses nothing and makes the times steady.
"""

import pytest
import torch


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)
