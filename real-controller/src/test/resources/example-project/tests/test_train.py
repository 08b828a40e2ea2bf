"""The example project's unit tests: what Jenkinsfile.example's 'Unit tests on the GPU' stage runs in the image."""
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
import train  # noqa: E402


class SyntheticDataTest(unittest.TestCase):

    def test_the_target_is_sin_of_x0_plus_x1_squared(self):
        x, y = train.synthetic_data(64, seed=0)
        self.assertEqual(tuple(x.shape), (64, 2))
        self.assertTrue(torch.allclose(y[:, 0], torch.sin(x[:, 0]) + x[:, 1] ** 2))

    def test_the_same_seed_gives_the_same_data(self):
        self.assertTrue(torch.equal(train.synthetic_data(16, seed=3)[0], train.synthetic_data(16, seed=3)[0]))


if __name__ == "__main__":
    unittest.main()
