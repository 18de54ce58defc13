"""The dashboard: every panel of a recorded run on one figure."""

import neuroglass as ng


def test_dashboard_combines_the_panels(recorded_long):
    run = recorded_long[0]
    fig = ng.plot.dashboard(run)
    assert len(fig.axes) >= 6
    assert run.name in fig._suptitle.get_text()
