"""Building the demonstration network through the same domain functions as the pages."""

from stocktake_web.demo.domain.seed import DEMO_NETWORK, DemoAccount, DemoSummary, seed_demo

__all__ = ["DEMO_NETWORK", "DemoAccount", "DemoSummary", "seed_demo"]
