"""The community safety plan: priorities, outcomes, actions, measures, risks and linked strategies."""
