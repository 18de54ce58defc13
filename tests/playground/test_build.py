"""From the page's settings to the engine's objects (playground.build)."""


def test_a_link_with_one_seed_draws_data_and_weights_from_it(driver):
    a, b = driver({"seed": 7}), driver({"seed": 7, "data_seed": 7})
    assert a.next("state")["train"] == b.next("state")["train"]
